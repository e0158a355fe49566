"""The wizard: the start page, one question per page, and the check-answers page."""

from collections.abc import Mapping

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .. import flow
from ..answers import Errors, parse_answers
from ..flow import Page, Place
from ..forms import QuestionForm
from ..questions import BY_ID, Question, WizardAnswers
from ..result.views import canonical_url
from ..snapshot.shapes import Snapshot
from ..snapshot.store import get_snapshot
from ..web import render_page, url_with_query

CHANGING = {"change": "1"}  # on the way to a step from the check page, and back to it


def _carried(request) -> Mapping[str, str]:
    """What a step carries beyond the answers: that an answer is being changed."""
    return CHANGING if "change" in request.GET else {}


def _url(place: Place, answers: WizardAnswers, extra: Mapping[str, str] | None = None) -> str:
    """The URL of a wizard place, carrying the answers (and `extra` to a step)."""
    match place.page:
        case Page.START:
            return reverse("start")
        case Page.CHECK:
            return url_with_query("check", answers)
        case Page.STEP:
            return url_with_query("wizard-step", {**answers, **(extra or {})}, place.question.id)


def _step_url(
    question: Question, answers: WizardAnswers, extra: Mapping[str, str] | None = None
) -> str:
    return _url(Place.step(question), answers, extra)


def _go_on(
    answers: WizardAnswers, snapshot: Snapshot, extra: Mapping[str, str]
) -> HttpResponseRedirect:
    """On to the first unanswered question (or the check page), dropping answers made moot."""
    answers = flow.prune(answers, snapshot)
    return redirect(_url(flow.forward(answers, snapshot), answers, extra))


def _titled(title: str, has_errors: bool) -> str:
    return f"{_('エラー')}: {title}" if has_errors else title


@require_safe
@vary_on_headers("HX-Request")
def start(request):
    snapshot = get_snapshot()
    return render_page(
        request,
        "start.html",
        {
            "title": _("IIJmioの解約・乗り換えガイド"),
            "start_url": _url(flow.forward({}, snapshot), {}),
            "source": snapshot.source,
            "data_as_of": snapshot.data_as_of,
            "sim_damage": snapshot.fee("sim_damage", snapshot.data_as_of),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def step(request, question):
    question = BY_ID.get(question)
    if question is None:
        raise Http404
    snapshot = get_snapshot()
    answers = flow.prune(flow.read(request.GET), snapshot)
    extra = _carried(request)
    above = {k: v for k, v in answers.items() if k != question.id}
    if "go" in request.GET:
        form = QuestionForm(question, request.GET, snapshot=snapshot, answers=above)
        if form.is_valid():
            return _go_on({**above, question.id: form.value()}, snapshot, extra)
    elif flow.can_open(question, answers, snapshot):
        form = QuestionForm(question, snapshot=snapshot, answers=answers)
    else:
        return _go_on(answers, snapshot, extra)
    back = flow.back(question, answers, snapshot, changing=bool(extra))
    return _step_page(request, form, answers=answers, back_url=_url(back, answers, extra))


def _step_page(request, form: QuestionForm, *, answers: WizardAnswers, back_url: str):
    question, title, extra = form.question, form.page_title(), _carried(request)
    field_errors = form.errors.get(question.id, [])
    return render_page(
        request,
        "wizard/step.html",
        {
            "title": _titled(title, bool(form.errors)),
            "question": question,
            "form": form,
            "heading": title,
            "field_errors": field_errors,
            "error_links": [(f"#{question.id}", message) for message in field_errors],
            "back_to_check": question.id in answers,
            "hidden": [*((k, v) for k, v in answers.items() if k != question.id), *extra.items()],
            "action": reverse("wizard-step", args=[question.id]),
            "back_url": back_url,
            "changing": bool(extra),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def check(request):
    snapshot = get_snapshot()
    answers = flow.prune(flow.read(request.GET), snapshot)
    if flow.forward(answers, snapshot) != flow.CHECK:
        return _go_on(answers, snapshot, {})
    parsed, errors = parse_answers(flow.planner_query(answers), snapshot)
    title = _("回答の確認")
    return render_page(
        request,
        "wizard/check.html",
        {
            "title": _titled(title, bool(errors)),
            "heading": title,
            "rows": _check_rows(answers, errors, snapshot),
            "error_links": [
                (_error_href(name, answers), message)
                for name, messages in errors.items()
                for message in messages
            ],
            "result_url": canonical_url(parsed, snapshot) if parsed else "",
            "back_url": _step_url(flow.last_question(answers, snapshot), answers),
        },
    )


def _check_rows(answers: WizardAnswers, errors: Errors, snapshot: Snapshot) -> list[dict]:
    """Each question asked: its label, the answer as a person reads it, a link to change it."""
    return [
        {
            "id": question.id,
            "label": question.label,
            "value": question.shown_as(answers[question.id], snapshot),
            "change_url": _step_url(question, answers, CHANGING),
            "errors": errors.get(question.id, []),
        }
        for question in flow.asked(answers, snapshot)
    ]


def _error_href(name: str, answers: WizardAnswers) -> str:
    """Where an error on the check page links: its row, or the step that asks it."""
    if name in answers:
        return f"#change-{name}"
    if name in BY_ID:
        return _step_url(BY_ID[name], answers, CHANGING)
    return "#main"
