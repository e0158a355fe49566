import datetime
import re
import threading
from collections import OrderedDict
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import flow
from .answers import FIELDS, parse_answers
from .forms import COMMON_ZONES
from .planner import plan
from .planner.calendar import JST, WEEKDAYS
from .planner.result import KINDS
from .planner.rules import APPLY_DAYS_BEFORE_MONTH_END
from .snapshot import data_version, get_snapshot
from .templatetags.kaiyaku import jdate, jdatetime, jmonth

# Slugs are the planner's checklist `help` values (kaiyaku.planner.rules HELP_*).
HELP_PAGES = {
    "login": gettext_lazy("会員専用ページにログインできないとき"),
    "account-lock": gettext_lazy("アカウントがロックされたとき"),
    "cancel-menu": gettext_lazy("解約のメニューが見つからないとき"),
    "mnp-number": gettext_lazy("MNP予約番号が発行されないとき"),
    "completion-mail": gettext_lazy("手続き完了のメールが届かないとき"),
}
FIGURES = re.compile(r"[0-9a-f]{6,64}")


def _render(request, template, context, status=200):
    """The whole page, or only its main region for an htmx swap (not for a history restore)."""
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context["partial"] = partial
    name = f"{template}#main" if partial else template
    return render(request, name, context, status=status)


def _url(name, query, *args):
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _step_url(question, answers, **extra):
    return _url("wizard-step", {**answers, **extra}, question.id)


def _next_url(answers, snapshot, **extra):
    question = flow.next_question(answers, snapshot)
    if question is None:
        return _url("check", answers)
    return _step_url(question, answers, **extra)


@require_safe
@vary_on_headers("HX-Request")
def start(request):
    snapshot = get_snapshot()
    first = flow.QUESTIONS[0]
    return _render(
        request,
        "start.html",
        {
            "title": _("IIJmioの解約・乗り換えガイド"),
            "start_url": _step_url(first, {}),
            "source": snapshot.source,
            "data_as_of": snapshot.data_as_of,
            "sim_damage": snapshot.fee("sim_damage", snapshot.data_as_of),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def step(request, question):
    question = flow.BY_ID.get(question)
    if question is None:
        raise Http404
    snapshot = get_snapshot()
    answers = flow.prune(flow.read(request.GET), snapshot)
    changing = "change" in request.GET
    extra = {"change": "1"} if changing else {}
    above = {k: v for k, v in answers.items() if k != question.id}
    if "go" in request.GET:
        form = question.form(request.GET, snapshot=snapshot, answers=above)
        if form.is_valid():
            answers = flow.prune({**above, question.id: form.value()}, snapshot)
            return redirect(_next_url(answers, snapshot, **extra))
    else:
        waiting = flow.next_question(above, snapshot)
        if not flow.is_asked(question, answers, snapshot) or (
            waiting and flow.QUESTIONS.index(waiting) < flow.QUESTIONS.index(question)
        ):
            return redirect(_next_url(answers, snapshot, **extra))
        form = question.form(snapshot=snapshot, answers=answers)
    title = form.page_title()
    field_errors = form.errors.get(question.id, [])
    return _render(
        request,
        "wizard/step.html",
        {
            "title": f"{_('エラー')}: {title}" if form.errors else title,
            "question": question,
            "form": form,
            "heading": title,
            "field_errors": field_errors,
            "error_links": [(f"#{question.id}", message) for message in field_errors],
            "back_to_check": question.id in answers,
            "hidden": [(k, v) for k, v in above.items()] + list(extra.items()),
            "action": reverse("wizard-step", args=[question.id]),
            "back_url": _back_url(question, answers, snapshot, changing),
            "changing": changing,
        },
    )


def _back_url(question, answers, snapshot, changing):
    if changing and question.id in answers:
        return _url("check", answers)
    before = flow.previous_question(question, answers, snapshot)
    if before is None:
        return reverse("start")
    return _step_url(before, answers, **({"change": "1"} if changing else {}))


@require_safe
@vary_on_headers("HX-Request")
def check(request):
    snapshot = get_snapshot()
    answers = flow.prune(flow.read(request.GET), snapshot)
    if flow.next_question(answers, snapshot) is not None:
        return redirect(_next_url(answers, snapshot))
    parsed, errors = parse_answers(flow.planner_query(answers), snapshot)
    rows = []
    for question in flow.asked(answers, snapshot):
        form = question.form(snapshot=snapshot, answers=answers)
        rows.append(
            {
                "id": question.id,
                "label": form.summary,
                "value": form.display(answers[question.id]),
                "change_url": _step_url(question, answers, change="1"),
                "errors": errors.get(question.id, []),
            }
        )
    last = flow.asked(answers, snapshot)[-1]
    title = _("回答の確認")
    return _render(
        request,
        "wizard/check.html",
        {
            "title": f"{_('エラー')}: {title}" if errors else title,
            "heading": title,
            "rows": rows,
            "error_links": [
                (_error_href(name, answers, snapshot), message)
                for name, messages in errors.items()
                for message in messages
            ],
            "result_url": _result_url(parsed, snapshot) if parsed else "",
            "back_url": _step_url(last, answers),
        },
    )


def _error_href(name, answers, snapshot):
    if name in answers:
        return f"#change-{name}"
    if name in flow.BY_ID:
        return _step_url(flow.BY_ID[name], answers, change="1")
    return "#main"


def _result_url(parsed, snapshot):
    return _url("result", _canonical(parsed, plan(parsed, snapshot).figures))


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
        return _render(
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
    return redirect(_url("result", _canonical(parsed, outcome.figures)))


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
    return _render(request, "result/result.html", context).content


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
            _url("result", {**current, "fig": outcome.figures})
        ),
        "fresh_url": _url("result", {**current, "fig": outcome.figures}),
        "json_url": _url("result-json", current),
        "ics_url": _url("result-ics", current),
        "change_url": _url("check", _wizard_answers(outcome)),
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


@require_safe
@vary_on_headers("HX-Request")
def help_index(request):
    return _render(
        request,
        "help/index.html",
        {"title": _("困ったとき・よくある質問"), "pages": list(HELP_PAGES.items())},
    )


@require_safe
@vary_on_headers("HX-Request")
def help_page(request, slug):
    if slug not in HELP_PAGES:
        raise Http404
    source = get_snapshot().source
    return _render(
        request,
        f"help/{slug}.html",
        {"title": HELP_PAGES[slug], "source": source, "maintenance": _maintenance(source)},
    )


def _maintenance(source):
    """ "毎週火曜 23:00〜翌5:00" and the nightly window, from the source carrier's data (R3.4)."""
    weekly = nightly = ""
    if source.maintenance_weekday is not None:
        weekly = _("毎週%(day)s曜 %(start)s〜翌%(end)s") % {
            "day": WEEKDAYS[source.maintenance_weekday],
            "start": f"{source.maintenance_from:%H:%M}",
            "end": f"{source.maintenance_until.hour}:{source.maintenance_until:%M}",
        }
    if source.nightly_from is not None:
        nightly = _("毎日 %(start)s〜翌%(end)s") % {
            "start": f"{source.nightly_from:%H:%M}",
            "end": f"{source.nightly_until.hour}:{source.nightly_until:%M}",
        }
    return {"weekly": weekly, "nightly": nightly}


@require_safe
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})
