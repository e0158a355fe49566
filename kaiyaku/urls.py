from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from . import api, changes, destinations, health, help, requests, security
from .result import exports
from .result import views as result
from .wizard import views as wizard

# Pages people read: Japanese at the root, English under /en/ (kaiyaku.languages).
urlpatterns = i18n_patterns(
    path("", wizard.start, name="start"),
    path("q/<slug:question>/", wizard.step, name="wizard-step"),
    path("check/", wizard.check, name="check"),
    path("result/", result.result, name="result"),
    path("destinations/", destinations.destinations, name="destinations"),
    path("help/", help.help_index, name="help-index"),
    path("help/<slug:slug>/", help.help_page, name="help"),
    path("changes/", changes.changes, name="changes"),
    path("changes.atom", changes.ChangesFeed(), name="changes-feed"),
    path("request/", requests.request_form, name="request"),
    path("request/thanks/", requests.thanks, name="request-thanks"),
    prefix_default_language=False,
)
# One address whatever the language: the data (language by `lang=`, contract.md), the editors'
# admin (Japanese), the health check and security.txt.
urlpatterns += [
    path("result.json", api.json_endpoint(exports.result_json), name="result-json"),
    path("result.ics", exports.result_ics, name="result-ics"),
    path("healthz", health.healthz, name="healthz"),
    path(".well-known/security.txt", security.security_txt, name="security-txt"),
    path("admin/", admin.site.urls),
]
