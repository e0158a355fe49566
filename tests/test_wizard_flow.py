"""Which questions the wizard asks: only those whose answer can change the result."""

import datetime

import pytest

from kaiyaku import flow
from kaiyaku.models import Fee
from tests.answer_sets import WIZARD_CANCEL as CANCEL
from tests.answer_sets import WIZARD_MNP as MNP


def test_a_voice_cancellation_asks_the_time_of_day_but_not_the_destination(walk):
    response = walk(**CANCEL)
    assert response.status_code == 200
    assert "time" in response.asked
    assert "dest" not in response.asked


def test_a_port_out_asks_the_destination_but_not_the_time_of_day(walk):
    response = walk(**MNP)
    assert "dest" in response.asked
    assert "time" not in response.asked


def test_a_data_line_is_never_asked_about_keeping_its_number(walk):
    # R2.2: only voice lines can port out, so the goal is cancellation without asking.
    response = walk(**{**CANCEL, "service": "data"})
    assert "goal" not in response.asked
    assert "解約" in response.content.decode()


def test_an_esim_is_not_asked_about_cards_that_cannot_be_returned(walk):
    response = walk(**{**CANCEL, "sim": "esim"})
    assert "sim_lost" not in response.asked


def test_where_you_are_is_one_question_before_the_time(walk):
    asked = walk(**CANCEL).asked
    assert "japan" not in asked and asked.index("tz") < asked.index("time")


@pytest.mark.parametrize(
    ("changes", "time_asked"),
    [
        ({"date": "2026-10-22"}, False),  # a Thursday mid-month, at home
        ({"date": "2026-10-29"}, True),  # R3.3: the last days of the month
        ({"date": "2026-10-27"}, True),  # R3.4: Tuesday, the member page's maintenance day
        ({"date": "2026-10-28"}, True),  # R3.4: the stop runs into Wednesday morning
        ({"date": "2026-10-22", "tz": "Europe/London"}, True),  # R3.5: abroad
    ],
)
def test_the_time_is_asked_only_where_it_can_change_the_answer(walk, changes, time_asked):
    assert ("time" in walk(**{**CANCEL, **changes}).asked) is time_asked


def test_instalment_questions_come_only_when_ticked_and_with_a_balance(walk):
    assert "device_left" not in walk(**CANCEL).asked
    assert "device_payoff" not in walk(**{**CANCEL, "extras": "device", "device_left": "0"}).asked
    lump = walk(**{**CANCEL, "extras": "device", "device_left": "12000", "device_payoff": "lump"})
    assert "device_payoff" in lump.asked
    assert "device_monthly" not in lump.asked
    monthly = walk(
        **{
            **CANCEL,
            "extras": "device",
            "device_left": "12000",
            "device_payoff": "monthly",
            "device_monthly": "2000",
        }
    )
    assert "device_monthly" in monthly.asked


def test_the_start_month_is_not_asked_when_no_minimum_term_can_reach_the_planned_month(walk):
    # The seeded rule covers contracts up to 2019-09 and runs one month past the start (R5.1).
    assert "started" not in walk(**CANCEL).asked


def test_the_start_month_is_asked_when_the_data_has_a_rule_that_could_still_run(walk, seeded):
    # An editor's rule, not a date in code, decides: extend the covered contracts and it is asked.
    fee = Fee.objects.get(code="min_term_voice")
    fee.contracted_to = datetime.date(2026, 9, 30)
    fee.save()
    response = walk(**{**CANCEL, "started": "2026-09"})
    assert "started" in response.asked
    assert "started" not in walk(**{**CANCEL, "service": "data", "started": "x"}).asked


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, "service"),
        ({"service": "voice"}, "holder"),  # it changes the whole procedure (R1.5): early
        ({"service": "voice", "holder": "personal"}, "goal"),
        ({"service": "sms", "holder": "personal"}, "sim"),
        ({"service": "voice", "holder": "personal", "goal": "mnp"}, "dest"),
        (
            {
                "service": "voice",
                "holder": "personal",
                "goal": "cancel",
                "sim": "esim",
                "lines": "1",
            },
            "plan",
        ),
        ({"service": "data", "holder": "personal", "sim": "esim", "lines": "1"}, "date"),
    ],
)
def test_the_next_question_is_the_first_one_asked_and_unanswered(answers, expected, snapshot):
    assert flow.next_question(answers, snapshot).id == expected


def test_an_answer_made_moot_by_a_change_is_dropped(snapshot):
    answers = {"service": "voice", "goal": "mnp", "dest": "au", "sim": "esim"}
    assert "dest" not in flow.prune({**answers, "goal": "cancel"}, snapshot)
    assert flow.prune(answers, snapshot) == answers
