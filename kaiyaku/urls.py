from django.contrib import admin
from django.urls import path

from . import exports, views

urlpatterns = [
    path("", views.start, name="start"),
    path("q/<slug:question>/", views.step, name="wizard-step"),
    path("check/", views.check, name="check"),
    path("result/", views.result, name="result"),
    path("help/", views.help_index, name="help-index"),
    path("help/<slug:slug>/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
    path("result.json", exports.result_json, name="result-json"),
    path("result.ics", exports.result_ics, name="result-ics"),
    path("admin/", admin.site.urls),
]
