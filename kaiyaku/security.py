"""Security headers Django does not set, and /.well-known/security.txt (RFC 9116).

Permissions-Policy turns off every powerful browser feature the site never uses; the
Cross-Origin-Resource-Policy keeps its pages to itself, except the JSON other sites may embed.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

# Features the guide never needs (W3C Permissions Policy); `()` allows them to no origin.
DENIED_FEATURES = (
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)
# Paths other sites may read (contract.md: /result.json is meant to be embedded).
CROSS_ORIGIN_PATHS = ("/result.json",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        shared = request.path in CROSS_ORIGIN_PATHS
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response


def client_ip(request):
    """The client's address, as the KAIYAKU_PROXY_COUNT proxies in front recorded it.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the Nth entry from
    the right is the one the nearest trusted proxy saw; anything left of it may be forged.
    """
    count = settings.KAIYAKU_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


@require_safe
def security_txt(request):
    """Who to tell about a vulnerability: KAIYAKU_SECURITY_CONTACT, or 404 when none is set."""
    contacts = settings.KAIYAKU_SECURITY_CONTACTS
    if not contacts:
        raise Http404
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(
        days=settings.KAIYAKU_SECURITY_TXT_DAYS
    )
    lines = [f"Contact: {contact}" for contact in contacts]
    lines.append(f"Expires: {expires.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}")
    lines.append("Preferred-Languages: ja, en")
    lines.append(f"Canonical: {request.build_absolute_uri(request.path)}")
    if settings.KAIYAKU_SECURITY_POLICY:
        lines.append(f"Policy: {settings.KAIYAKU_SECURITY_POLICY}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
