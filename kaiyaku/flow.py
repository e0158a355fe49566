"""The wizard's routing: which questions a person is asked, which comes next, which before.

Routing only: the questions, their order and when each is asked are declared in
kaiyaku.questions; no money, no dates beyond "could this rule matter". Each question is a query
parameter, so the answers so far are the query string of every step and nothing is kept on the
server.

A question is *answered* when its parameter is present, even empty: an empty value means "none /
don't know / the default" (no plan chosen, no options, the default time). What comes next is the
first later question that is asked and not yet answered; when there is none, the check-answers
page. That one rule serves the first pass, the back link and the change links alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from django.http import QueryDict

from .questions import BY_ID, QUESTIONS, Question, WizardAnswers, goal_of

if TYPE_CHECKING:
    from .snapshot.shapes import Snapshot


class Page(Enum):
    START = "start"
    STEP = "step"
    CHECK = "check"


@dataclass(frozen=True)
class Place:
    """Where a wizard link leads: the start page, a question's step, or the check-answers page."""

    page: Page
    question: Question | None = None  # for a step

    @classmethod
    def step(cls, question: Question) -> Place:
        return cls(Page.STEP, question)


START = Place(Page.START)
CHECK = Place(Page.CHECK)


def read(query: QueryDict) -> dict[str, str]:
    """The wizard's answers from a query dict: known parameters only, as given."""
    answers = {}
    for name in BY_ID:
        if name not in query:
            continue
        if name == "options":
            values = [v for v in query.getlist(name) if v]
            answers[name] = ",".join(values)
        else:
            answers[name] = query.get(name, "").strip()
    return answers


def asked(answers: WizardAnswers, snapshot: Snapshot) -> list[Question]:
    """The questions this person is asked, given their answers (each decided on those above)."""
    kept, result = {}, []
    for question in QUESTIONS:
        if question.asked(kept, snapshot):
            result.append(question)
            if question.id in answers:
                kept[question.id] = answers[question.id]
    return result


def answered_with_defaults(answers: WizardAnswers, snapshot: Snapshot) -> dict[str, str]:
    """Every question this person is asked, answered: their answer, or the question's default."""
    kept = {}
    for question in QUESTIONS:
        if question.asked(kept, snapshot):
            kept[question.id] = answers.get(question.id, question.wizard_default)
    return kept


def prune(answers: WizardAnswers, snapshot: Snapshot) -> dict[str, str]:
    """Only the answers to questions that are asked: a change that makes one moot drops it."""
    return {q.id: answers[q.id] for q in asked(answers, snapshot) if q.id in answers}


def next_question(answers: WizardAnswers, snapshot: Snapshot) -> Question | None:
    """The first question asked and not yet answered, or None when it is time to check."""
    return next((q for q in asked(answers, snapshot) if q.id not in answers), None)


def forward(answers: WizardAnswers, snapshot: Snapshot) -> Place:
    """Where the wizard goes with these answers: the first unanswered question, or the check."""
    question = next_question(answers, snapshot)
    return CHECK if question is None else Place.step(question)


def previous_question(
    question: Question, answers: WizardAnswers, snapshot: Snapshot
) -> Question | None:
    """The question before `question` in this person's flow, or None for the first."""
    before = None
    for candidate in asked(answers, snapshot):
        if candidate is question:
            return before
        before = candidate
    return before


def back(
    question: Question, answers: WizardAnswers, snapshot: Snapshot, *, changing: bool
) -> Place:
    """Where a step's back link leads: while changing an answer, the check page it came from."""
    if changing and question.id in answers:
        return CHECK
    before = previous_question(question, answers, snapshot)
    return START if before is None else Place.step(before)


def last_question(answers: WizardAnswers, snapshot: Snapshot) -> Question:
    """The last question this person is asked: the check page's way back."""
    return asked(answers, snapshot)[-1]


def can_open(question: Question, answers: WizardAnswers, snapshot: Snapshot) -> bool:
    """A step opens when it is asked and every question asked before it is answered."""
    flow = asked(answers, snapshot)
    if question not in flow:
        return False
    return all(q.id in answers for q in flow[: flow.index(question)])


def planner_query(answers: WizardAnswers) -> dict[str, str]:
    """The answers as contract.md parameters: empty means default, the goal implied by R2.2, and
    a ticked box of `extras` that is an answer itself (`leaving`) as 1."""
    query = {k: v for k, v in answers.items() if v != "" and BY_ID[k].contract}
    ticked = answers.get("extras", "").split(",")
    query.update({q.id: "1" for q in QUESTIONS if q.box and q.box in ticked})
    if "goal" not in query and goal_of(answers):
        query["goal"] = goal_of(answers)
    return query
