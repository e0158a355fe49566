"""When things happen: the month service ends, the dates to meet, and the timeline (R3, R4, R7).

All in Japan time: a moment entered abroad is converted first (R3.5).
"""

import datetime
from dataclasses import dataclass

from .calendar import (
    JST,
    add_months,
    in_japan,
    month_end,
    month_start,
    months_between,
    nightly_processing,
    weekly_maintenance,
)
from .conventions import (
    APPLY_DAYS_BEFORE_MONTH_END,
    CARD_VALID_AFTER_MONTHS,
    DAMAGE_FEE_CARD_VALID_AFTER_MONTHS,
    FINAL_BILL_AFTER_MONTHS,
    SIM_DELIVERY_DAYS,
    VERY_HIGH_RISK_FROM,
)
from .costs import remaining_payments
from .result import Dates, Notice, TimelineEntry

END_OF_DAY = datetime.time(23, 59)  # R3.1: a line ends, and a day's deadline passes, at 23:59
START_OF_DAY = datetime.time(0, 0)


@dataclass(frozen=True)
class CardValidity:
    """R7.1: the last month a charge can reach the card, and what sets it."""

    month: datetime.date  # first day of the month
    reason: str  # "final_bill" | "instalments" | "damage_fee"


@dataclass(frozen=True)
class Timing:
    effective_month: datetime.date  # first day of the month service ends in
    dates: Dates
    first_month: datetime.date  # R3.2: the first month billed from the planned day on
    card: CardValidity
    planned_at: datetime.datetime | None = None  # cancel: the planned application, Japan time


def card_validity(effective, answers) -> CardValidity:
    """R7.1 convention: the latest of the final month + 2, the last remaining instalment's month
    + 2 (R5.4: one a month after the final month) and, with a lost card, the final month + 3."""
    candidates = [CardValidity(add_months(effective, CARD_VALID_AFTER_MONTHS), "final_bill")]
    if answers.device_left and answers.device_payoff == "monthly":
        last = add_months(effective, remaining_payments(answers))
        candidates.append(CardValidity(add_months(last, CARD_VALID_AFTER_MONTHS), "instalments"))
    if answers.sim_lost:
        month = add_months(effective, DAMAGE_FEE_CARD_VALID_AFTER_MONTHS)
        candidates.append(CardValidity(month, "damage_fee"))
    return max(candidates, key=lambda c: c.month)  # on a tie, the first reason stands


def _timing(answers, effective, apply_by, service_end, first_month, planned_at=None, **mnp):
    card = card_validity(effective, answers)
    dates = Dates(
        apply_by=apply_by,
        service_end=service_end,
        final_bill_month=add_months(effective, FINAL_BILL_AFTER_MONTHS),
        card_valid_until=card.month,
        **mnp,
    )
    return Timing(effective, dates, first_month, card, planned_at)


def cancel_timing(draft) -> Timing:
    answers, source = draft.answers, draft.source
    planned = in_japan(answers.date, answers.time, answers.zone)  # R3.5: Japan-time deadline
    moment = planned
    # R3.4 stops the member page; R1.5: a corporate holder applies through the corporate window.
    on_member_page = answers.holder != "corporate"
    window = weekly_maintenance(source, planned) if on_member_page else None
    if window:
        # R3.4: nothing can be applied during the weekly stop; the earliest is its end.
        opens, closes = window
        moment = closes
        draft.warn("maintenance", planned=planned, opens=opens, closes=closes)
    elif on_member_page and nightly_processing(source, planned):
        draft.tip("nightly_processing")
    effective = month_start(moment.date())
    last = month_end(effective)
    apply_by = last - datetime.timedelta(days=APPLY_DAYS_BEFORE_MONTH_END)  # R3.3
    entered_month = month_start(answers.date)
    if effective > entered_month:
        draft.warn(
            "slips_to_next_month",
            effective_month=effective,
            entered_month=entered_month,
            extra_months=months_between(entered_month, effective) - 1,
        )
    risk = late_risk(moment, last)
    if risk:
        draft.warn("late_application", risk=risk, apply_by=apply_by)
    elif moment.date() > apply_by:
        draft.tip(
            "close_to_month_end",
            days_before_month_end=(last - moment.date()).days,
            apply_by=apply_by,
        )
    if answers.abroad:
        draft.warn(
            "overseas_deadline",
            goal="cancel",
            local_date=answers.date,
            local_time=answers.time,
            tz=answers.tz,
            planned=planned,
        )
    service_end = datetime.datetime.combine(last, END_OF_DAY, tzinfo=JST)  # R3.1
    first_month = min(entered_month, month_start(planned.date()))  # R3.2: billed from here
    return _timing(answers, effective, apply_by, service_end, first_month, planned)


def late_risk(moment, last):
    """R3.3: none up to last−2 (last−2 is "low"), medium on last−1, high on the last day."""
    day = moment.date()
    if day == last and moment.time() >= VERY_HIGH_RISK_FROM:
        return "very_high"
    if day == last:
        return "high"
    if day == last - datetime.timedelta(days=1):
        return "medium"
    return None


def mnp_timing(draft, destination) -> Timing:
    answers, snapshot, source = draft.answers, draft.snapshot, draft.source
    activation = answers.date  # the destination activates the line on this Japan-time day
    service_end = datetime.datetime.combine(activation, START_OF_DAY, tzinfo=JST)  # R4.4
    effective = month_start(activation)
    valid = source.mnp_number_valid_days
    required = days_required(destination, snapshot)
    apply_by = activation - datetime.timedelta(days=SIM_DELIVERY_DAYS[answers.sim])  # R4.4
    # R4.3: days left on D = (expiry − D) + 1; a number taken on `from` has exactly `required`
    # days left on apply_by. R4.2: expiry = issue + (valid − 1).
    number_to = apply_by
    number_from = apply_by - datetime.timedelta(days=valid - required)
    expires = number_to + datetime.timedelta(days=valid - 1)
    if activation.day == 1:
        draft.warn("activation_on_first", effective_month=effective)
    if answers.abroad:
        draft.warn("overseas_deadline", goal="mnp", tz=answers.tz)
    return _timing(
        answers,
        effective,
        apply_by,
        service_end,
        effective,
        mnp_number_from=number_from,
        mnp_number_to=number_to,
        mnp_number_expires=expires,
    )


def number_warnings(draft, timing, monthly_yen):
    """R4.7: a number window already behind today (Japan time) cannot be followed as asked: say
    so first, with the earliest workable activation and what it adds; else R4.1: warn, before it
    bites, that a request after hours on the window's last day is issued only next morning."""
    answers, source = draft.answers, draft.source
    dates = timing.dates
    now = draft.now.astimezone(JST)
    if now.date() > dates.mnp_number_to:
        issued = earliest_issue(source, now)
        earliest = issued.date() + datetime.timedelta(days=SIM_DELIVERY_DAYS[answers.sim])
        extra_months = max(0, months_between(timing.effective_month, earliest) - 1)
        esim_day = issued.date() if answers.sim == "physical" else None
        draft.warnings.insert(
            0,
            Notice(
                "mnp_window_passed",
                {
                    "last_day": dates.mnp_number_to,
                    "issued_at": issued,
                    "earliest": earliest,
                    "sim": answers.sim,
                    "extra_months": extra_months,
                    "extra_yen": monthly_yen * extra_months if monthly_yen else None,
                    "esim_day": esim_day,
                    "esim_saves": bool(
                        extra_months and esim_day and month_start(esim_day) < month_start(earliest)
                    ),
                },
            ),
        )
    elif source.mnp_issue_from and source.mnp_issue_until:
        draft.warn(
            "number_after_hours",
            last_day=dates.mnp_number_to,
            opens=source.mnp_issue_from,
            closes=source.mnp_issue_until,
        )


def earliest_issue(source, now):
    """R4.1/R3.4: the first moment from `now` at which a reservation number is issued at once:
    not during the weekly stop, and within the carrier's issuing hours."""
    moment = now
    window = weekly_maintenance(source, moment)
    if window:
        moment = window[1]
    opens, closes = source.mnp_issue_from, source.mnp_issue_until
    if opens and closes:
        if moment.time() >= closes:
            moment = datetime.datetime.combine(
                moment.date() + datetime.timedelta(days=1), opens, tzinfo=JST
            )
        elif moment.time() < opens:
            moment = datetime.datetime.combine(moment.date(), opens, tzinfo=JST)
    return moment


def days_required(destination, snapshot):
    """R4.3: the days the number must still have at this destination (unknown: "other")."""
    return destination.mnp_days_required or snapshot.destination("other").mnp_days_required


def _day_end(day):
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=JST)


def _day_start(day):
    return datetime.datetime.combine(day, START_OF_DAY, tzinfo=JST)


def timeline(goal, timing) -> tuple[TimelineEntry, ...]:
    """The dated steps in order; deadlines a person abroad must meet show their local time."""
    dates = timing.dates
    entries = []
    if goal == "mnp":
        entries.append(
            TimelineEntry(
                "mnp_number_window",
                _day_start(dates.mnp_number_from),
                {"first": dates.mnp_number_from, "last": dates.mnp_number_to},
            )
        )
        entries.append(
            TimelineEntry("apply_destination_by", _day_end(dates.apply_by), show_local=True)
        )
        entries.append(TimelineEntry("mnp_number_expires", _day_end(dates.mnp_number_expires)))
        entries.append(TimelineEntry("activation", dates.service_end))
    else:
        entries.append(TimelineEntry("apply_cancel_planned", timing.planned_at, show_local=True))
        entries.append(
            TimelineEntry(
                "apply_cancel_by",
                _day_end(dates.apply_by),
                {"days_before_month_end": APPLY_DAYS_BEFORE_MONTH_END},  # R3.3
                show_local=True,
            )
        )
        entries.append(TimelineEntry("service_end", dates.service_end, show_local=True))
    entries.append(
        TimelineEntry(
            "final_bill",
            _day_start(dates.final_bill_month),
            {"effective_month": timing.effective_month},
        )
    )
    entries.append(
        TimelineEntry(
            "card_valid_until", _day_start(dates.card_valid_until), {"reason": timing.card.reason}
        )
    )
    # By day, and within a day in the order things are done (applying before activating).
    order = {id(entry): index for index, entry in enumerate(entries)}
    return tuple(sorted(entries, key=lambda entry: (entry.at.date(), order[id(entry)])))
