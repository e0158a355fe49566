"""The result page: the plan for a set of answers, at its canonical permalink."""

import copy
import datetime
import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import figure_changes, languages, preview
from ..answers import in_language, parse_answers
from ..help import HELP_PAGES
from ..jinja2 import fragment
from ..planner import plan
from ..planner.calendar import JST
from ..planner.result import KINDS
from ..questions import BY_ID
from ..snapshot.store import get_snapshot, version_key
from ..web import path_to, render_page, url_with_query
from .words import word

FIGURES = re.compile(r"[0-9a-f]{6,64}")


def canonical_url(parsed, snapshot):
    """The permalink of these answers: sorted answers and the figures they give today."""
    outcome = plan(parsed, snapshot, preview.now())
    return url_with_query("result", _canonical(parsed, outcome.figures_hash))


def _canonical(parsed, figures):
    return {**parsed.to_query(), "fig": figures}


# How long anything in front (a CDN, a shared proxy) may serve a permalink without asking again.
SHARED_MAX_AGE = 60
# A page is kept for the hour it belongs to; its key moves on with the hour and the data version.
PAGE_TIMEOUT = 3600


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def result(request):
    # R4.7: a result can say that its number window has passed, and from when a number is
    # issued, so a page is the page of the hour it was made in (Japan time) and no longer.
    now = preview.now()
    hour = now.astimezone(JST).replace(minute=0, second=0, microsecond=0)
    snapshot = get_snapshot()
    # Whether the page cache and the ETag apply is decided here, for every request of a result:
    # an editor's preview (kaiyaku.preview) neither reads nor fills the cache and has no ETag.
    shared = preview.previewing() is None
    if shared:
        etag = _etag(request, snapshot.version, hour)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return _shareable(not_modified, etag, hour, now)
        key = f"kaiyaku:page:{etag.strip(chr(34))}"
        page = cache.get(key)
        if page is not None:
            return _shareable(HttpResponse(page), etag, hour, now)
    parsed, errors = parse_answers(request.GET, snapshot)
    if errors:
        return render_page(
            request,
            "result/invalid.html",
            {
                "title": _("このリンクでは結果を表示できません"),
                "errors": [
                    (BY_ID[name].name_in_messages, messages) for name, messages in errors.items()
                ],
            },
            status=400,
        )
    given = request.GET.get("fig", "")
    if not (FIGURES.fullmatch(given) and _is_canonical(request, _canonical(parsed, given))):
        outcome = plan(parsed, snapshot, now)
        return redirect(url_with_query("result", _canonical(parsed, outcome.figures_hash)))
    page = _result_page(request, parsed, given, snapshot, now)
    if not shared:
        return _unindexed(HttpResponse(page))
    cache.set(key, page, PAGE_TIMEOUT)
    return _shareable(HttpResponse(page), etag, hour, now)


def _etag(request, version, hour):
    """A strong ETag for the page at this URL: the answers and figures (the canonical URL, with
    its host and scheme, as the page links to itself), the data version, the hour, and which
    representation htmx asked for."""
    parts = (
        version_key(version),
        hour.isoformat(),
        request.is_secure(),
        request.get_host(),
        request.get_full_path(),
        bool(request.htmx),
        request.htmx.history_restore_request,
    )
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def _shareable(response, etag, hour, now):
    """A permalink's page is the same for everyone until the data or the hour changes: anything
    in front may keep it briefly, browsers ask again (and get a 304 while it holds)."""
    response["ETag"] = etag
    left = int((hour + datetime.timedelta(hours=1) - now).total_seconds())
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=max(min(SHARED_MAX_AGE, left), 1)
    )
    return _unindexed(response)


def _unindexed(response):
    """A result is a person's own answers: search engines never index it."""
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_canonical(request, canonical):
    return list(request.GET.lists()) == [(k, [v]) for k, v in canonical.items()]


def _result_page(request, parsed, made_with, snapshot, now):
    """The page's HTML: its main region from Jinja2 (templates/jinja2/result/main.html), alone for
    an htmx swap (not for a history restore), else inside the site's layout."""
    outcome = plan(parsed, snapshot, now)
    context = _result_context(request, word(outcome, snapshot.source), made_with, snapshot)
    context["next_step"] = _next_step(context["words"].checklist, now.astimezone(JST).date())
    # What pieces of the page kept across results are keyed on (kaiyaku.jinja2): the data
    # version, and whether an editor's preview shows the drafts, which the version does not say.
    context["data_state"] = (snapshot.version, preview.previewing() is not None)
    # What changed since a link was made with older figures: a Django template, the same HTML
    # for every link that is up to date.
    changes = figure_changes.since(parsed, made_with, outcome, snapshot, now)
    context["figure_changes"] = (
        render_to_string("result/_figure_changes.html", {**context, "figure_changes": changes})
        if changes is not None
        else fragment("result/_figure_changes.html", context["data_state"], figure_changes=None)
    )
    context["partial"] = bool(request.htmx) and not request.htmx.history_restore_request
    context["language"] = get_language()
    if context["partial"]:  # the link to the other edition is swapped in out of band
        other = languages.alternates(request)["other_language"]
        context["language_switch"] = mark_safe(
            render_to_string("_language.html", {"other_language": other, "oob": True})
        )
    main = engines["jinja2"].get_template("result/main.html").render(context)
    if context["partial"]:
        return main.encode()
    before, after = _layout(request, context["title"])
    return f"{before}{main}{after}".encode()


def _layout(request, title):
    """The site's layout around a result's main region (base.html), as the text before and after
    the region. It is the same for every result in a language but for the page's own path in the
    hreflang links and the link to the other edition, so it is made once with a stand-in path
    and kept in the cache; an editor's preview (with its banner) has its own, made each time."""
    if preview.previewing() is not None:
        return _split_layout(request, title)
    key = f"kaiyaku:result-layout:{get_language()}:{get_script_prefix()}:{request.get_host()}"
    key += f":{request.is_secure()}"
    layout = cache.get(key)
    if layout is None:
        stand_in = copy.copy(request)
        stand_in.get_full_path = lambda: STAND_IN_PATH
        layout = _split_layout(stand_in, title)
        cache.set(key, layout, None)
    own_path = escape(languages.path_in(request.get_full_path(), settings.LANGUAGE_CODE))
    return tuple(part.replace(STAND_IN_PATH, own_path) for part in layout)


def _split_layout(request, title):
    context = {"title": title, "main": mark_safe(MAIN_MARK)}
    page = render_page(request, "result/result.html", context).content.decode()
    return tuple(page.split(MAIN_MARK))


STAND_IN_PATH = "/kaiyaku-stand-in-path"  # the page's path in the layout kept in the cache
MAIN_MARK = "\x00main\x00"  # where the main region goes; no template writes a NUL


# Where a warning is shown: R4.7's above everything, R7.2's beside the total it qualifies.
FIRST_WARNINGS = ("mnp_window_passed",)
BESIDE_TOTAL_WARNING = "usage_not_included"


def _result_context(request, worded, made_with, snapshot):
    outcome = worded.result
    answers = outcome.answers
    current = answers.to_query()
    encoded = urlencode(current)  # the same answers in four links, encoded once

    def link(name, *more):
        return f"{path_to(name)}?{'&'.join(filter(None, (encoded, *more)))}"

    permalink = link("result", urlencode({"fig": outcome.figures_hash}))
    language = urlencode(in_language(get_language()))  # the data in the page's language
    placed = (*FIRST_WARNINGS, BESIDE_TOTAL_WARNING)
    return {
        "title": _("あなたの手続きと費用"),
        "heading": _("あなたの手続きと費用"),
        "r": outcome,
        "words": worded,
        "urgent": [w for w in worded.warnings if w["code"] in FIRST_WARNINGS],
        "warnings": [w for w in worded.warnings if w["code"] not in placed],
        "usage_note": next(
            (w["text"] for w in worded.warnings if w["code"] == BESIDE_TOTAL_WARNING), ""
        ),
        "goal": answers.goal,
        "abroad": answers.abroad,
        "has_plan": any(i.code == "plan" for i in outcome.items),
        "items": {kind: worded.items_of(kind) for kind in KINDS},
        "help_titles": HELP_PAGES,
        "share_url": request.build_absolute_uri(permalink),
        "fresh_url": permalink,
        "json_url": link("result-json", language),
        "ics_url": link("result-ics", language),
        "change_url": url_with_query("check", answers.wizard_query(snapshot)),
        "destinations_url": link("destinations") if answers.goal == "mnp" else "",
    }


def _next_step(checklist, today):
    """The first step still to do: the earliest due on or after today, else the first one."""
    dated = [step for step in checklist if step["due"] and step["due"] >= today]
    return min(dated, key=lambda step: step["due"]) if dated else (checklist or [None])[0]
