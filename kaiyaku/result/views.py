"""The result page: the plan for a set of answers, at its canonical permalink."""

import re
import threading
from collections import OrderedDict

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import figure_changes, preview
from ..answers import in_language, parse_answers
from ..help import HELP_PAGES
from ..planner import plan
from ..planner.calendar import JST
from ..planner.result import KINDS
from ..questions import BY_ID
from ..snapshot import data_version, get_snapshot
from ..web import render_page, url_with_query
from .words import word

FIGURES = re.compile(r"[0-9a-f]{6,64}")


def canonical_url(parsed, snapshot):
    """The permalink of these answers: sorted answers and the figures they give today."""
    outcome = plan(parsed, snapshot, preview.now())
    return url_with_query("result", _canonical(parsed, outcome.figures_hash))


def _canonical(parsed, figures):
    return {**parsed.to_query(), "fig": figures}


@require_safe
@vary_on_headers("HX-Request")
def result(request):
    # R4.7: a result can say that its number window has passed, and from when a number is
    # issued, so a page is kept for the hour it was made in (Japan time) and no longer.
    hour = preview.now().astimezone(JST).strftime("%Y-%m-%d %H")
    key = (data_version(), hour, request.htmx.history_restore_request, bool(request.htmx))
    key += (get_language(), request.get_host(), request.is_secure(), request.get_full_path())
    # An editor's preview (kaiyaku.preview) neither reads nor fills the cache.
    cache = _NO_PAGES if preview.previewing() else _RESULT_PAGES
    page = cache.get(key)
    if page is not None:
        return _private(HttpResponse(page))
    snapshot = get_snapshot()
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
    if FIGURES.fullmatch(given) and _is_canonical(request, _canonical(parsed, given)):
        page = cache.put(key, _result_page(request, parsed, given, snapshot))
        return _private(HttpResponse(page))
    outcome = plan(parsed, snapshot, preview.now())
    return redirect(url_with_query("result", _canonical(parsed, outcome.figures_hash)))


def _private(response):
    """A result is a person's own answers: never indexed by search engines."""
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_canonical(request, canonical):
    return list(request.GET.lists()) == [(k, [v]) for k, v in canonical.items()]


class _PageCache:
    """Rendered result pages, newest last, at most `size` of them.

    A result is a pure function of the answers and the data in force (contract.md), so a page is
    kept under the data version, its language and its full canonical URL (host and htmx flags
    included) and rendered again only when an editor's change moves the version. Only canonical
    URLs that parsed cleanly are kept, so a hit needs no parsing; an answer valid once stays valid
    (the date window only grows).
    """

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return page

    def clear(self):
        with self.lock:
            self.pages.clear()


_RESULT_PAGES = _PageCache(size=500)
_NO_PAGES = _PageCache(size=0)


def _result_page(request, parsed, made_with, snapshot):
    now = preview.now()
    outcome = plan(parsed, snapshot, now)
    context = _result_context(request, word(outcome, snapshot.source), made_with)
    context["next_step"] = _next_step(context["words"].checklist, now.astimezone(JST).date())
    context["figure_changes"] = figure_changes.since(parsed, made_with, outcome, snapshot, now)
    return render_page(request, "result/result.html", context).content


# Where a warning is shown: R4.7's above everything, R7.2's beside the total it qualifies.
FIRST_WARNINGS = ("mnp_window_passed",)
BESIDE_TOTAL_WARNING = "usage_not_included"


def _result_context(request, worded, made_with):
    outcome = worded.result
    answers = outcome.answers
    current = answers.to_query()
    permalink = url_with_query("result", {**current, "fig": outcome.figures_hash})
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
        "json_url": url_with_query("result-json", {**current, **in_language(get_language())}),
        "ics_url": url_with_query("result-ics", {**current, **in_language(get_language())}),
        "change_url": url_with_query("check", answers.wizard_query(get_snapshot())),
        "destinations_url": url_with_query("destinations", current)
        if answers.goal == "mnp"
        else "",
    }


def _next_step(checklist, today):
    """The first step still to do: the earliest due on or after today, else the first one."""
    dated = [step for step in checklist if step["due"] and step["due"] >= today]
    return min(dated, key=lambda step: step["due"]) if dated else (checklist or [None])[0]
