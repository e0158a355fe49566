"""The rules of leaving IIJmio: normalised answers + a data snapshot → a Result of facts.

Pure Python: no request, no ORM, no words. Every figure the business may change (days, fees,
windows, hours, addresses) comes from the snapshot; the product's own conventions are named
constants (conventions.py), each with the rule it serves (facts.md). All rules run in Japan time.
"""

import dataclasses
import datetime
import hashlib

from . import costs, steps
from .calendar import JST, month_start
from .conventions import INTENDED_TIME
from .destinations import UNDECIDED, strictest
from .draft import Draft
from .result import PHASES, Notice, Result
from .timing import cancel_timing, days_required, mnp_timing, number_warnings, timeline

# Warnings that say nothing of the figures: those that depend on the day the result is read
# (R4.7), and the one every result carries (R7.2). A shared link keeps its `fig` through them.
UNHASHED_WARNINGS = ("mnp_window_passed", "number_after_hours", "usage_not_included")


def plan(answers, snapshot, now) -> Result:
    """The dated plan, itemised costs and checklist for these answers and this data, as read at
    `now` (an aware datetime: only R4.7's warnings depend on it)."""
    result = _plan(answers, snapshot, now)
    return dataclasses.replace(result, saving_tip=_saving_tip(answers, result, snapshot, now))


def _plan(answers, snapshot, now):
    draft = Draft(answers, snapshot, now)
    if answers.goal == "cancel":
        timing = cancel_timing(draft)
    else:
        decided = answers.dest != UNDECIDED
        destination = draft.use(
            snapshot.destination(answers.dest) if decided else strictest(snapshot)
        )
        if not decided:
            # R4.3: dates that hold wherever the person goes; the comparison helps them choose.
            draft.warn(
                "destination_undecided",
                strictest=destination,
                days_required=days_required(destination, snapshot),
            )
        timing = mnp_timing(draft, destination)
        steps.mnp_steps(draft, destination, timing.dates, decided=decided)
    dates, effective = timing.dates, timing.effective_month
    end_day = dates.service_end.date()

    costs.monthly_charges(draft, timing.first_month, effective)
    costs.min_term(draft, end_day)
    if answers.goal == "mnp":
        costs.mnp_fee(draft, end_day)
    costs.device(draft)
    steps.sim_return(draft, dates)
    steps.hikari(draft)
    steps.options(draft, dates)
    steps.people(draft, dates)
    steps.common_steps(draft, timing)
    if answers.goal == "mnp":
        number_warnings(draft, timing, _monthly_yen(draft.items))
    draft.warn("usage_not_included", final_month=effective)  # R7.2: always

    checklist = sorted(
        draft.checklist,
        key=lambda c: (PHASES.index(c.phase), c.due or datetime.date.max),
    )
    result = Result(
        answers=answers,
        data_as_of=max(d.as_of for d in draft.used),
        effective_month=effective,
        dates=dates,
        items=tuple(draft.items),
        checklist=tuple(checklist),
        warnings=tuple(draft.warnings),
        timeline=timeline(answers.goal, timing),
        tips=tuple(draft.tips),
        planned_at=timing.planned_at,
    )
    return dataclasses.replace(result, figures_hash=_figures_hash(result))


def _monthly_yen(items):
    """R3.2: what one more month costs: the charges billed by the month."""
    return sum(i.monthly_yen for i in items if i.monthly_yen and i.kind == "charge")


def _saving_tip(answers, result, snapshot, now):
    """What timing is worth in yen (R3.2, R3.3, R4.5), from this result's own monthly charges.

    A cancellation that slipped into the next month is planned again as applied on the day
    entered; that second plan carries no tip of its own, so it never plans a third time.
    """
    monthly = _monthly_yen(result.items)
    if answers.goal == "mnp":
        if answers.date.day != 1 or not monthly:
            return None
        return Notice(
            "activate_day_before",
            {
                "day_before": answers.date - datetime.timedelta(days=1),
                "month": answers.date,
                "saving": monthly,
            },
        )
    if result.effective_month > month_start(answers.date):
        intended = _plan(
            dataclasses.replace(answers, time=INTENDED_TIME, tz=JST.key), snapshot, now
        )
        saving = result.charges_total_yen - intended.charges_total_yen
        if saving <= 0:
            return None
        return Notice("apply_by_to_save", {"apply_by": intended.dates.apply_by, "saving": saving})
    if result.planned_at.date() <= result.dates.apply_by or not monthly:
        return None
    return Notice("apply_by_to_be_safe", {"apply_by": result.dates.apply_by, "saving": monthly})


def _figures_hash(result):
    """A short stable hash of every amount and date the result shows."""
    parts = [
        result.effective_month.isoformat(),
        repr(result.dates),
        *(f"{i.code}={i.amount_yen}:{i.kind}:{i.disputed}" for i in result.items),
        *(f"{c.code}@{c.due}" for c in result.checklist),
        *(w.code for w in result.warnings if w.code not in UNHASHED_WARNINGS),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
