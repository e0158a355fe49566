"""Editors' second factor: a TOTP authenticator app, with one-time recovery codes (django-otp).

Required at the admin login when KAIYAKU_REQUIRE_2FA is on. `manage.py addeditor` enrols a
person (`enrol()` then `confirm()`); the login form checks a code with `verify()`.
"""

import base64
import re

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.db import transaction
from django.forms import CharField, TextInput, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_CODE = re.compile(r"[0-9]{6}")


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrol(user):
    """A new, unconfirmed authenticator for `user` (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def secret_of(device):
    """The key as authenticator apps take it when typed in: base32, no padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def confirm(device, code):
    """Confirm `device` with a code from the app; it replaces the user's earlier second factor.

    Returns the new recovery codes (each works once), or None when the code is wrong.
    """
    if not device.verify_token(code.strip()):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="リカバリーコード", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return codes


def verify(user, code):
    """The device `code` belongs to (6 digits: the app; otherwise a recovery code), or None.

    Only the device the code's shape names is tried, so a typo does not count against the other
    (django-otp throttles each device after failures).
    """
    code = re.sub(r"\s", "", code or "")
    if APP_CODE.fullmatch(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
        code = code.lower()
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


class EditorLoginForm(AdminAuthenticationForm):
    """The admin login: password (counted by django-axes), then the second factor if required."""

    otp_token = CharField(
        label=_("確認コード"),
        required=False,
        help_text=_(
            "認証アプリに表示されている6桁の数字。スマートフォンがないときはリカバリーコード。"
        ),
        widget=TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.KAIYAKU_REQUIRE_2FA:
            del self.fields["otp_token"]

    def clean(self):
        cleaned = super().clean()
        if settings.KAIYAKU_REQUIRE_2FA:
            user = self.get_user()
            if not has_second_factor(user):
                raise ValidationError(
                    _(
                        "このアカウントには二要素認証が設定されていません。"
                        "管理者に「manage.py addeditor %(name)s」で設定してもらってください。"
                    )
                    % {"name": user.get_username()},
                    code="no_second_factor",
                )
            device = verify(user, cleaned.get("otp_token", ""))
            if device is None:
                raise ValidationError(
                    _(
                        "確認コードが違うか、時間切れです。認証アプリに表示中の6桁を入れてください"
                        "(続けて間違えると、しばらく受け付けなくなります)。"
                    ),
                    code="invalid_token",
                )
            # django-otp marks the session verified when Django logs the user in.
            user.otp_device = device
        return cleaned


class EditorsAdminSite(AdminSite):
    """The admin; with KAIYAKU_REQUIRE_2FA, only for sessions verified by a second factor."""

    login_form = EditorLoginForm
    login_template = "admin/kaiyaku/login.html"
    index_template = "admin/kaiyaku/index.html"

    def index(self, request, extra_context=None):
        """The index opens on the editors' desk (kaiyaku/desk.py) above the lists."""
        from . import desk  # the desk reads the models, which load after the admin site

        return super().index(request, {"desk": desk.sections(request), **(extra_context or {})})

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.KAIYAKU_REQUIRE_2FA or request.user.is_verified()
