"""The wizard's questions, in the order they are asked, and when each one is asked at all.

Routing only: no money, no dates beyond "could this rule matter". Each question is a query
parameter of contract.md (plus `japan`, which only decides whether to ask `tz`), so the answers
so far are the query string of every step and nothing is kept on the server.

A question is *answered* when its parameter is present, even empty: an empty value means "none /
don't know / the default" (no plan chosen, no options, the default time). What comes next is the
first later question that is asked and not yet answered; when there is none, the check-answers
page. That one rule serves the first pass, the back link and the change links alike.
"""

import datetime
from dataclasses import dataclass

from . import forms


def _always(answers, snapshot):
    return True


def _voice(answers, snapshot):
    return answers.get("service") == "voice"


def _physical(answers, snapshot):
    return answers.get("sim") == "physical"


def _cancel(answers, snapshot):
    return goal_of(answers) == "cancel"


def _mnp(answers, snapshot):
    return goal_of(answers) == "mnp"


def _abroad(answers, snapshot):
    return answers.get("japan") == "no"


def _has_balance(answers, snapshot):
    return forms.yen_value(answers.get("device_left", "")) not in (None, 0)


def _pays_monthly(answers, snapshot):
    return answers.get("device_payoff") == "monthly"


def _min_term_could_apply(answers, snapshot):
    """Ask the start month only if a minimum-term rule in the data could still be running (R5.1)."""
    planned = _planned_day(answers)
    return planned is not None and bool(
        snapshot.min_term_fees_reaching(answers.get("service"), planned)
    )


def _planned_day(answers):
    try:
        return datetime.date.fromisoformat(answers.get("date", ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class Question:
    id: str  # the query parameter it sets, and the step's URL slug
    form: type
    asked: object = _always  # (answers, snapshot) -> bool


# In asking order. A question's `asked` may look only at questions above it.
QUESTIONS = (
    Question("service", forms.ServiceForm),
    Question("goal", forms.GoalForm, _voice),  # R2.2: only voice lines can port out
    Question("dest", forms.DestForm, _mnp),
    Question("sim", forms.SimForm),
    Question("lines", forms.LinesForm),
    Question("sim_lost", forms.SimLostForm, _physical),  # R6.1: eSIMs are not returned
    Question("plan", forms.PlanForm),
    Question("date", forms.DateForm),
    Question("time", forms.TimeForm, _cancel),  # R3.3, R3.4: the hour matters on the last days
    Question("japan", forms.JapanForm),
    Question("tz", forms.TzForm, _abroad),  # R3.5
    Question("started", forms.StartedForm, _min_term_could_apply),  # R5.1
    Question("device_left", forms.DeviceLeftForm),
    Question("device_payoff", forms.DevicePayoffForm, _has_balance),  # R5.4
    Question("device_monthly", forms.DeviceMonthlyForm, _pays_monthly),
    Question("hikari", forms.HikariForm),  # R8.1
    Question("options", forms.OptionsForm),  # R8.3
    Question("holder", forms.HolderForm),  # R1.4
)
BY_ID = {q.id: q for q in QUESTIONS}
PARAMS = tuple(BY_ID)


def goal_of(answers):
    """Data and SMS lines can only be cancelled (R2.2), so for them the goal is not asked."""
    if answers.get("service") in ("sms", "data"):
        return "cancel"
    return answers.get("goal")


def read(query):
    """The wizard's answers from a query dict: known parameters only, as given."""
    answers = {}
    for name in PARAMS:
        if name not in query:
            continue
        if name == "options":
            values = [v for v in query.getlist(name) if v]
            answers[name] = ",".join(values)
        else:
            answers[name] = query.get(name, "").strip()
    return answers


def asked(answers, snapshot):
    """The questions this person is asked, given their answers (each decided on those above)."""
    kept, result = {}, []
    for question in QUESTIONS:
        if question.asked(kept, snapshot):
            result.append(question)
            if question.id in answers:
                kept[question.id] = answers[question.id]
    return result


def prune(answers, snapshot):
    """Only the answers to questions that are asked: a change that makes one moot drops it."""
    return {q.id: answers[q.id] for q in asked(answers, snapshot) if q.id in answers}


def next_question(answers, snapshot):
    """The first question asked and not yet answered, or None when it is time to check."""
    return next((q for q in asked(answers, snapshot) if q.id not in answers), None)


def previous_question(question, answers, snapshot):
    """The question before `question` in this person's flow, or None for the first."""
    before = None
    for candidate in asked(answers, snapshot):
        if candidate.id == question.id:
            return before
        before = candidate
    return before


def is_asked(question, answers, snapshot):
    return any(q.id == question.id for q in asked(answers, snapshot))


def planner_query(answers):
    """The answers as contract.md parameters: empty means default, the goal implied by R2.2."""
    query = {k: v for k, v in answers.items() if v != "" and k != "japan"}
    if "goal" not in query and goal_of(answers):
        query["goal"] = goal_of(answers)
    return query
