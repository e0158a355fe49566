"""Editors' login: throttled and locked after repeated failures, and a second factor (item 7).

50 wrong passwords in 26 s, then the right one, used to sign in. Now django-axes locks the
account after five failures; with KAIYAKU_REQUIRE_2FA the admin also wants a code from an
authenticator app (or a one-time recovery code), set up by `manage.py addeditor`.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaiyaku.security import client_ip

pytestmark = pytest.mark.usefixtures("seeded")

PASSWORD = "a-long-unusual-phrase"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
REQUIRE_2FA = override_settings(KAIYAKU_REQUIRE_2FA=True)
ENROLLED_AT = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    """Each login checks a password; the production hasher's slowness is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def jiro(django_user_model, monkeypatch, authenticator_app, time_machine):
    """An editor made as the README says: password, then the authenticator app.

    Made at ENROLLED_AT; tests sign in a minute later, as a code used once is refused again.
    """
    time_machine.move_to(ENROLLED_AT, tick=False)
    passwords = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    out = io.StringIO()
    call_command("addeditor", "jiro", stdout=out, stderr=io.StringIO())
    user = django_user_model.objects.get(username="jiro")
    user.enrolment = out.getvalue()
    time_machine.move_to(ENROLLED_AT + dt.timedelta(minutes=1), tick=False)
    return user


def log_in(client, password=PASSWORD, code=None, username="jiro"):
    data = {"username": username, "password": password, "next": INDEX}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def app_code(authenticator_app, user):
    return authenticator_app(TOTPDevice.objects.get(user=user, confirmed=True))


# -- throttling ---------------------------------------------------------------------------------


def test_the_right_password_after_five_wrong_ones_is_refused(client, jiro):
    for _ in range(4):
        assert log_in(client, password="wrong-guess").status_code == 200
    assert log_in(client, password="wrong-guess").status_code == 429  # the fifth locks

    response = log_in(client)

    assert response.status_code == 429
    assert "ログインを一時停止しています" in response.content.decode()
    assert client.get(INDEX).status_code == 302  # still signed out


def test_the_lock_lifts_after_the_cool_off(client, jiro, time_machine):
    for _ in range(5):
        log_in(client, password="wrong-guess")
    assert log_in(client).status_code == 429

    time_machine.move_to(ENROLLED_AT + dt.timedelta(minutes=32), tick=False)

    assert log_in(client).status_code == 302


def test_a_few_mistakes_do_not_lock_and_a_success_clears_them(client, jiro):
    for _ in range(4):
        log_in(client, password="wrong-guess")
    assert log_in(client).status_code == 302
    client.logout()

    for _ in range(4):
        log_in(client, password="wrong-guess")
    assert log_in(client).status_code == 302


@override_settings(KAIYAKU_PROXY_COUNT=1)
def test_behind_the_proxy_the_client_is_the_address_it_recorded():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )

    assert client_ip(request) == "203.0.113.9"  # the forged left-hand entry is ignored


def test_without_a_proxy_the_client_is_the_peer_address():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "198.51.100.7"


# -- enrolment ----------------------------------------------------------------------------------


def test_addeditor_walks_the_editor_through_the_authenticator_and_recovery_codes(jiro):
    device = TOTPDevice.objects.get(user=jiro)
    codes = list(StaticToken.objects.filter(device__user=jiro).values_list("token", flat=True))

    assert device.confirmed
    assert "otpauth://totp/kaiyaku%3Ajiro?secret=" in jiro.enrolment
    assert len(codes) == 10
    for code in codes:
        assert code in jiro.enrolment


def test_a_wrong_code_at_enrolment_sets_nothing_up(django_user_model, monkeypatch):
    passwords = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    monkeypatch.setattr("builtins.input", lambda prompt: "000000")

    with pytest.raises(Exception, match="not set up"):
        call_command("addeditor", "saburo", stdout=io.StringIO(), stderr=io.StringIO())

    assert not TOTPDevice.objects.filter(user__username="saburo", confirmed=True).exists()


def test_reset_2fa_replaces_the_app_and_the_recovery_codes(jiro, monkeypatch):
    old_key = TOTPDevice.objects.get(user=jiro).key
    old_codes = set(StaticToken.objects.filter(device__user=jiro).values_list("token", flat=True))
    passwords = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))

    call_command("addeditor", "jiro", "--reset-2fa", stdout=io.StringIO())

    assert TOTPDevice.objects.get(user=jiro).key != old_key
    new_codes = set(StaticToken.objects.filter(device__user=jiro).values_list("token", flat=True))
    assert not old_codes & new_codes


def test_no_input_says_how_to_set_up_the_second_factor(django_user_model):
    out = io.StringIO()

    call_command("addeditor", "goro", "--no-input", stdout=out)

    assert "manage.py addeditor goro" in out.getvalue()


# -- the second factor at login -----------------------------------------------------------------


def test_without_the_setting_the_password_is_enough(client, jiro):
    assert "otp_token" not in client.get(LOGIN).content.decode()
    assert log_in(client).status_code == 302
    assert client.get(INDEX).status_code == 200


@REQUIRE_2FA
def test_the_login_asks_for_the_apps_code(client, jiro):
    page = client.get(LOGIN).content.decode()

    assert 'name="otp_token"' in page
    assert 'autocomplete="one-time-code"' in page


@REQUIRE_2FA
def test_the_password_alone_is_refused(client, jiro):
    response = log_in(client, code="")

    assert response.status_code == 200
    assert "確認コードが違うか、時間切れです" in response.content.decode()
    assert client.get(INDEX).status_code == 302


@REQUIRE_2FA
def test_password_and_the_apps_code_sign_in(client, jiro, authenticator_app):
    response = log_in(client, code=app_code(authenticator_app, jiro))

    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


@REQUIRE_2FA
def test_a_recovery_code_signs_in_once(client, jiro):
    code = re.findall(r"^ {4}([a-z2-7]{8})$", jiro.enrolment, re.M)[0]

    assert log_in(client, code=code.upper()).status_code == 302
    client.logout()
    assert log_in(client, code=code).status_code == 200  # used up


@REQUIRE_2FA
def test_a_staff_session_without_the_second_factor_cannot_use_the_admin(client, jiro):
    client.force_login(jiro)

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@REQUIRE_2FA
def test_an_editor_without_a_second_factor_is_told_how_to_get_one(client, django_user_model):
    call_command("addeditor", "goro", "--no-input", stdout=io.StringIO())
    goro = django_user_model.objects.get(username="goro")
    goro.set_password(PASSWORD)
    goro.save()

    response = log_in(client, username="goro", code="123456")

    assert "manage.py addeditor goro" in response.content.decode()
