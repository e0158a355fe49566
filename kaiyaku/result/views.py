"""The result page: the plan for a set of answers, at its canonical permalink."""

import datetime
import re
import threading
from collections import OrderedDict
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import flow
from ..answers import FIELDS, parse_answers
from ..forms import COMMON_ZONES
from ..help import HELP_PAGES
from ..planner import plan
from ..planner.calendar import JST
from ..planner.result import KINDS
from ..planner.rules import APPLY_DAYS_BEFORE_MONTH_END
from ..snapshot import data_version, get_snapshot
from ..templatetags.kaiyaku import jdate, jdatetime, jmonth
from ..web import render_page, url_with_query

FIGURES = re.compile(r"[0-9a-f]{6,64}")


def canonical_url(parsed, snapshot):
    """The permalink of these answers: sorted answers and the figures they give today."""
    return url_with_query("result", _canonical(parsed, plan(parsed, snapshot).figures))


def _canonical(parsed, figures):
    return {**parsed.to_query(), "fig": figures}


@require_safe
@vary_on_headers("HX-Request")
def result(request):
    key = (data_version(), request.htmx.history_restore_request, bool(request.htmx))
    key += (request.get_host(), request.is_secure(), request.get_full_path())
    page = _RESULT_PAGES.get(key)
    if page is not None:
        return HttpResponse(page)
    snapshot = get_snapshot()
    parsed, errors = parse_answers(request.GET, snapshot)
    if errors:
        return render_page(
            request,
            "result/invalid.html",
            {
                "title": _("このリンクでは結果を表示できません"),
                "errors": [(FIELDS[name].label, messages) for name, messages in errors.items()],
            },
            status=400,
        )
    given = request.GET.get("fig", "")
    if FIGURES.fullmatch(given) and _is_canonical(request, _canonical(parsed, given)):
        page = _RESULT_PAGES.put(key, _result_page(request, parsed, given, snapshot))
        return HttpResponse(page)
    outcome = plan(parsed, snapshot)
    return redirect(url_with_query("result", _canonical(parsed, outcome.figures)))


def _is_canonical(request, canonical):
    return list(request.GET.lists()) == [(k, [v]) for k, v in canonical.items()]


class _PageCache:
    """Rendered result pages, newest last, at most `size` of them.

    A result is a pure function of the answers and the data in force (contract.md), so a page is
    kept under the data version and its full canonical URL (host and htmx flags included) and
    rendered again only when an editor's change moves the version. Only canonical URLs that
    parsed cleanly are kept, so a hit needs no parsing; an answer valid once stays valid (the
    date window only grows).
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


def _result_page(request, parsed, made_with, snapshot):
    outcome = plan(parsed, snapshot)
    context = _result_context(request, outcome, made_with)
    return render_page(request, "result/result.html", context).content


def _result_context(request, outcome, made_with):
    current = _canonical_answers(outcome)
    abroad = current.get("tz", "Asia/Tokyo") != "Asia/Tokyo"
    return {
        "title": _("あなたの手続きと費用"),
        "heading": _("あなたの手続きと費用"),
        "r": outcome,
        "goal": current.get("goal"),
        "abroad": abroad,
        "zone_label": dict(COMMON_ZONES).get(current.get("tz"), current.get("tz")),
        "timeline": _timeline(outcome, ZoneInfo(current["tz"]) if abroad else None),
        "has_plan": any(i.code == "plan" for i in outcome.items),
        "items": {kind: [i for i in outcome.items if i.kind == kind] for kind in KINDS},
        "phases": [
            (_("やめる前に"), [c for c in outcome.checklist if c.phase == "before"]),
            (_("手続き"), [c for c in outcome.checklist if c.phase == "during"]),
            (_("やめたあとに"), [c for c in outcome.checklist if c.phase == "after"]),
        ],
        "help_titles": HELP_PAGES,
        "updated": made_with != outcome.figures,
        "share_url": request.build_absolute_uri(
            url_with_query("result", {**current, "fig": outcome.figures})
        ),
        "fresh_url": url_with_query("result", {**current, "fig": outcome.figures}),
        "json_url": url_with_query("result-json", current),
        "ics_url": url_with_query("result-ics", current),
        "change_url": url_with_query("check", _wizard_answers(outcome)),
    }


def _timeline(outcome, zone):
    """The dated steps in order: (when, what, the same moment where the person is)."""
    d = outcome.dates
    end_of_day = datetime.time(23, 59)

    def local(moment):
        return jdatetime(moment.astimezone(zone)) if zone else ""

    def day(date, label, deadline=False):
        moment = datetime.datetime.combine(date, end_of_day, tzinfo=JST)
        return (moment, jdate(date), label, local(moment) if deadline else "")

    entries = []
    if outcome.answers.get("goal") == "mnp":
        if d.mnp_number_from and d.mnp_number_to:
            start = datetime.datetime.combine(d.mnp_number_from, datetime.time(0), tzinfo=JST)
            entries.append(
                (
                    start,
                    f"{jdate(d.mnp_number_from)}〜{jdate(d.mnp_number_to)}",
                    _("この間にIIJmioでMNP予約番号を取る"),
                    "",
                )
            )
        entries.append(day(d.apply_by, _("乗り換え先に申し込む最後の日"), deadline=True))
        if d.mnp_number_expires:
            entries.append(
                day(d.mnp_number_expires, _("最後の日に番号を取った場合の、番号の有効期限"))
            )
        entries.append(
            (
                d.service_end,
                jdate(d.service_end),
                _("乗り換え先で開通。この時点でIIJmioの回線が終わる"),
                "",
            )
        )
    else:
        if outcome.moment_jst:
            entries.append(
                (
                    outcome.moment_jst,
                    jdatetime(outcome.moment_jst),
                    _("解約を申し込む予定"),
                    local(outcome.moment_jst),
                )
            )
        safe = _("ここまでに申し込むと安心(月末の%(days)s日前)") % {
            "days": APPLY_DAYS_BEFORE_MONTH_END  # R3.3
        }
        entries.append(day(d.apply_by, safe, deadline=True))
        entries.append(
            (
                d.service_end,
                jdatetime(d.service_end),
                _("回線が終わる(この時刻まで使えます)"),
                local(d.service_end),
            )
        )
    bill = datetime.datetime.combine(d.final_bill_month, datetime.time(0), tzinfo=JST)
    entries.append(
        (
            bill,
            jmonth(d.final_bill_month),
            _("最後の請求が確定する(%(month)s分)") % {"month": jmonth(outcome.effective_month)},
            "",
        )
    )
    card = datetime.datetime.combine(d.card_valid_until, datetime.time(0), tzinfo=JST)
    entries.append(
        (
            card,
            _("%(month)s末") % {"month": jmonth(d.card_valid_until)},
            _("この月の末まで、支払いのカードを有効にしておく"),
            "",
        )
    )
    entries.sort(key=lambda e: e[0])
    return [{"when": when, "label": label, "local": loc} for _at, when, label, loc in entries]


def _canonical_answers(outcome):
    return dict(sorted(outcome.answers.items()))


def _wizard_answers(outcome):
    """Back from a result to the wizard's check page, with every answer it would have asked."""
    answers = dict(outcome.answers)
    answers["japan"] = "no" if answers.get("tz", "Asia/Tokyo") != "Asia/Tokyo" else "yes"
    snapshot = get_snapshot()
    for question in flow.QUESTIONS:
        if question.id not in answers and flow.is_asked(question, answers, snapshot):
            answers[question.id] = _default_answer(question.id)
    return flow.prune(answers, snapshot)


def _default_answer(name):
    """A default the canonical URL leaves out, as the wizard writes it ("" = none, 12:00)."""
    default = FIELDS[name].default if name in FIELDS else None
    if default is None or default == () or name == "time":
        return ""
    return str(default)
