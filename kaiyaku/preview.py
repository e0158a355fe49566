"""Editors' preview: any public page as of a chosen date, with every draft as if published.

A logged-in editor opens a page with `?as_of=2026-12-01` (or sets the date from the admin); the
date is kept in their session until they end the preview (`?as_of=off`). For that request "today"
is the chosen date (at the current time of day, Japan time) and the data is the snapshot with the
drafts published (kaiyaku.snapshot.store). Nobody else is affected: for anyone who is not an
editor the parameter does nothing, and a preview response is never cached, by the site or on the
way.
"""

import contextvars
import datetime

from django.conf import settings
from django.utils import timezone

from .planner.calendar import JST

PARAM = "as_of"
SESSION_KEY = "preview_as_of"
END = "off"
_AS_OF = contextvars.ContextVar("preview_as_of", default=None)


def previewing():
    """The date an editor is previewing this request as of, or None (the public's view)."""
    return _AS_OF.get()


def now():
    """The moment a page is made for: now, or the same time of day on the previewed date."""
    real = timezone.now()
    day = previewing()
    if day is None:
        return real
    return datetime.datetime.combine(day, real.astimezone(JST).time(), tzinfo=JST)


def _date(raw):
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


def chosen_date(request):
    """The preview date of this request: the editor's `as_of`, else the one in their session."""
    if request.path.startswith("/admin/"):  # the editors' room always shows the data as it is
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:  # the public: no session, no lookup
        return None
    from django.contrib import admin  # loaded with the apps; this module is loaded before

    if not admin.site.has_permission(request):
        return None
    raw = request.GET.get(PARAM)
    if raw is None:
        return _date(request.session.get(SESSION_KEY, ""))
    day = _date(raw)
    if day is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = day.isoformat()
    return day


class PreviewMiddleware:
    """Runs the request as of the editor's preview date, and keeps the answer out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        day = chosen_date(request)
        if day is None:
            return self.get_response(request)
        token = _AS_OF.set(day)
        try:
            response = self.get_response(request)
        finally:
            _AS_OF.reset(token)
        response.headers.pop("ETag", None)
        response["Cache-Control"] = "private, no-store"
        return response


def preview(request):
    """Template context: the date being previewed, for the banner on every public page."""
    return {"preview_as_of": previewing(), "preview_end_param": f"{PARAM}={END}"}
