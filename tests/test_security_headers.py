"""What the site tells browsers and callers (issue 12, item 10).

Permissions-Policy and Cross-Origin-Resource-Policy on every response, HSTS preload only when
configured, /.well-known/security.txt from settings, CORS preflight and JSON-only errors on
/result.json, and the site's own Japanese 404 page with a way back.
"""

import datetime as dt

import pytest
from django.test import Client, override_settings

from kaiyaku.models import Carrier

from .test_settings import A_KEY, clean_env, django_setup

pytestmark = pytest.mark.usefixtures("seeded", "wizard_today")

JSON = "/result.json?date=2026-10-28&goal=cancel&service=data&sim=esim"


@pytest.mark.parametrize("path", ["/", "/help/", JSON, "/healthz", "/no-such-page/"])
def test_every_response_turns_off_the_browser_features_the_site_never_uses(client, path):
    policy = client.get(path).headers["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_pages_are_same_origin_resources_and_the_json_may_be_embedded(client):
    assert client.get("/").headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert client.get(JSON).headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_hsts_is_sent_without_preload_by_default(client):
    header = client.get("/healthz", secure=True).headers["Strict-Transport-Security"]

    assert header.startswith("max-age=31536000")
    assert "preload" not in header


@pytest.mark.parametrize(("preload", "expected"), [("", "False"), ("1", "True")])
def test_hsts_preload_is_opted_into_by_the_environment(preload, expected):
    env = clean_env(
        DJANGO_SETTINGS_MODULE="kaiyaku.settings",
        DJANGO_SECRET_KEY=A_KEY,
        DJANGO_HSTS_PRELOAD=preload,
    )

    result = django_setup(
        "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)", env
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_security_txt_is_absent_until_a_contact_is_configured(client):
    assert client.get("/.well-known/security.txt").status_code == 404


@override_settings(
    KAIYAKU_SECURITY_CONTACTS=["mailto:security@example.jp", "https://example.jp/report"],
    KAIYAKU_SECURITY_POLICY="https://example.jp/policy",
)
def test_security_txt_follows_rfc_9116(client):
    response = client.get("/.well-known/security.txt", secure=True)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
    assert ["Contact", "mailto:security@example.jp"] in fields
    assert ["Contact", "https://example.jp/report"] in fields
    assert ["Policy", "https://example.jp/policy"] in fields
    assert ["Canonical", "https://testserver/.well-known/security.txt"] in fields
    expires = dt.datetime.fromisoformat(dict(fields)["Expires"])
    now = dt.datetime(2026, 10, 20, 1, 0, tzinfo=dt.UTC)
    assert now < expires < now + dt.timedelta(days=365)  # RFC 9116 §2.5.5


def test_cors_preflight_on_the_json_is_answered(client):
    response = client.options(
        JSON,
        headers={"Origin": "https://blog.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_a_method_the_json_does_not_take_is_answered_in_json(client):
    response = client.post(JSON)

    assert response.status_code == 405
    assert response.headers["Content-Type"].startswith("application/json")
    assert "GET" in response.json()["error"]
    assert "OPTIONS" in response.headers["Allow"]


def test_a_server_error_on_the_json_is_answered_in_json():
    Carrier.objects.update(is_source=False)

    response = Client(raise_request_exception=False).get(JSON)

    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "サイトの側で問題" in response.json()["error"]


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "on our side"), ("fr", "サイトの側で問題"), ("", "サイトの側")]
)
def test_the_jsons_own_errors_are_in_the_language_asked_for(client, lang, expected):
    # A usable lang=en gets English; anything else gets the site's Japanese.
    refused = client.post(f"{JSON}&lang={lang}")
    Carrier.objects.update(is_source=False)
    failed = Client(raise_request_exception=False).get(f"{JSON}&lang={lang}")

    assert ("GET and HEAD" if lang == "en" else "GET と HEAD") in refused.json()["error"]
    assert expected in failed.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_an_unknown_address_gets_the_sites_japanese_404_with_a_way_back(client, headers):
    response = client.get("/no-such-page/", headers=headers)

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ja">' in page
    assert "ページが見つかりません" in page
    assert 'href="/"' in page
