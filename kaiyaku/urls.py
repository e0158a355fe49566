from django.contrib import admin
from django.urls import path

from . import exports, views

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("result.json", exports.result_json, name="result-json"),
    path("result.ics", exports.result_ics, name="result-ics"),
    path("admin/", admin.site.urls),
]
