"""Settings come from the environment, safe when nothing is set; a bad start fails clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
A_KEY = "tests-only-" + "k" * 50

pytestmark = pytest.mark.usefixtures("seeded")


def clean_env(**overrides):
    """The environment minus every setting this project reads, plus `overrides`."""
    read = {"DATABASE_URL", "CSRF_TRUSTED_ORIGINS", "TIME_ZONE", "USE_TZ"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in read}
    return env | overrides


def run(args, env):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def django_setup(code, env):
    return run([sys.executable, "-c", f"import django; django.setup(); {code}"], env)


def test_it_refuses_to_start_without_a_secret_key_when_not_debugging():
    result = django_setup("", clean_env(DJANGO_SETTINGS_MODULE="kaiyaku.settings"))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "make run" in result.stderr


def test_a_bare_gunicorn_start_without_a_key_fails_with_the_same_message():
    result = run([str(BIN / "gunicorn"), "--check-config", "kaiyaku.wsgi"], clean_env())

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_it_starts_without_a_key_in_debug_mode():
    result = django_setup(
        "from django.conf import settings; print(settings.DEBUG)",
        clean_env(DJANGO_SETTINGS_MODULE="kaiyaku.settings", DJANGO_DEBUG="1"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_mistyped_switch_is_an_error_not_a_silent_default():
    result = django_setup(
        "", clean_env(DJANGO_SETTINGS_MODULE="kaiyaku.settings", DJANGO_DEBUG="ture")
    )

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1/0" in result.stderr


def test_check_deploy_is_clean_with_production_like_settings():
    env = clean_env(
        DJANGO_SECRET_KEY=A_KEY,
        DJANGO_ALLOWED_HOSTS="kaiyaku.example.jp",
        CSRF_TRUSTED_ORIGINS="https://kaiyaku.example.jp",
    )

    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_read_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['NAME'], s.SECURE_HSTS_SECONDS)"
    )
    env = clean_env(
        DJANGO_SETTINGS_MODULE="kaiyaku.settings",
        DJANGO_SECRET_KEY=A_KEY,
        DJANGO_ALLOWED_HOSTS="a.example, b.example",
        CSRF_TRUSTED_ORIGINS="https://a.example",
        DATABASE_URL="postgres://u:p@db.internal:5432/kaiyaku",
        DJANGO_HSTS_SECONDS="60",
    )

    result = django_setup(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['a.example',",
        "'b.example']",
        "['https://a.example']",
        "django.db.backends.postgresql",
        "kaiyaku",
        "60",
    ]


def test_logs_go_to_stdout():
    result = django_setup(
        "import logging; logging.getLogger('kaiyaku').warning('hello from the logs')",
        clean_env(DJANGO_SETTINGS_MODULE="kaiyaku.settings", DJANGO_SECRET_KEY=A_KEY),
    )

    assert result.returncode == 0, result.stderr
    assert "WARNING kaiyaku: hello from the logs" in result.stdout


def test_the_defaults_are_japanese_and_in_japan_time():
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True


def test_without_debug_cookies_are_secure_and_static_files_hashed_and_compressed():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_pages_carry_a_self_only_content_security_policy(client):
    response = client.get(reverse("admin:login"))

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_https_responses_carry_hsts(client):
    response = client.get(reverse("healthz"), secure=True)

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
