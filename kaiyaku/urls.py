from django.contrib import admin
from django.urls import path

from . import api, changes, destinations, health, help, requests, security
from .result import exports
from .result import views as result
from .wizard import views as wizard

urlpatterns = [
    path("", wizard.start, name="start"),
    path("q/<slug:question>/", wizard.step, name="wizard-step"),
    path("check/", wizard.check, name="check"),
    path("result/", result.result, name="result"),
    path("result.json", api.json_endpoint(exports.result_json), name="result-json"),
    path("result.ics", exports.result_ics, name="result-ics"),
    path("destinations/", destinations.destinations, name="destinations"),
    path("help/", help.help_index, name="help-index"),
    path("help/<slug:slug>/", help.help_page, name="help"),
    path("healthz", health.healthz, name="healthz"),
    path("changes/", changes.changes, name="changes"),
    path("changes.atom", changes.ChangesFeed(), name="changes-feed"),
    path("request/", requests.request_form, name="request"),
    path("request/thanks/", requests.thanks, name="request-thanks"),
    path(".well-known/security.txt", security.security_txt, name="security-txt"),
    path("admin/", admin.site.urls),
]
