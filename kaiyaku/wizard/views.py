"""The wizard: the start page, one question per page, and the check-answers page."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import flow
from ..answers import parse_answers
from ..result.views import canonical_url
from ..snapshot import get_snapshot
from ..web import render_page, url_with_query


def _step_url(question, answers, **extra):
    return url_with_query("wizard-step", {**answers, **extra}, question.id)


def _next_url(answers, snapshot, **extra):
    question = flow.next_question(answers, snapshot)
    if question is None:
        return url_with_query("check", answers)
    return _step_url(question, answers, **extra)


@require_safe
@vary_on_headers("HX-Request")
def start(request):
    snapshot = get_snapshot()
    first = flow.QUESTIONS[0]
    return render_page(
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
    return render_page(
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
        return url_with_query("check", answers)
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
    return render_page(
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
            "result_url": canonical_url(parsed, snapshot) if parsed else "",
            "back_url": _step_url(last, answers),
        },
    )


def _error_href(name, answers, snapshot):
    if name in answers:
        return f"#change-{name}"
    if name in flow.BY_ID:
        return _step_url(flow.BY_ID[name], answers, change="1")
    return "#main"
