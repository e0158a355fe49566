"""Parsing answers: every rule of contract.md's answers table, and no exception for any input."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaiyaku.answers import parse_answers, parse_partial
from kaiyaku.parsing import AnswerError
from kaiyaku.questions import BY_ID, CONTRACT_QUESTIONS

pytestmark = pytest.mark.usefixtures("planner_today")

BASE = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-28"}


def errors_for(snapshot, **changes):
    query = {**BASE, **changes}
    query = {k: v for k, v in query.items() if v is not None}
    answers, errors = parse_answers(query, snapshot)
    assert (answers is None) == bool(errors)
    return errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goal": None}, "goal"),
        ({"goal": "leave"}, "goal"),
        ({"service": "fax"}, "service"),
        ({"sim": None}, "sim"),
        ({"goal": "mnp", "service": "data", "dest": "au"}, "goal"),  # R2.2
        ({"goal": "mnp", "service": "sms", "dest": "au"}, "goal"),
        ({"goal": "mnp"}, "dest"),  # dest is required for mnp
        ({"goal": "mnp", "dest": "vodafone"}, "dest"),
        ({"date": "2026/10/28"}, "date"),
        ({"date": "2026-02-29"}, "date"),  # not a leap year
        ({"date": "2018-12-31"}, "date"),  # before 2019-01-01
        ({"date": "2028-06-02"}, "date"),  # more than two years ahead
        ({"time": "24:00"}, "time"),
        ({"time": "noon"}, "time"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": "../../etc/passwd"}, "tz"),
        ({"started": "2019-13"}, "started"),
        ({"started": "2026-11"}, "started"),  # after the date's month
        ({"plan": "giga-99gb"}, "plan"),
        ({"lines": "0"}, "lines"),
        ({"lines": "11"}, "lines"),
        ({"lines": "two"}, "lines"),
        ({"lines": "2", "sim_lost": "3"}, "sim_lost"),  # sim_lost ≤ lines
        ({"sim": "esim", "sim_lost": "1"}, "sim_lost"),  # R6.1: an eSIM has no card
        ({"device_left": "-5"}, "device_left"),
        ({"device_left": "1,000"}, "device_left"),
        ({"device_left": "12000"}, "device_payoff"),
        ({"device_left": "12000", "device_payoff": "monthly"}, "device_monthly"),
        (
            {"device_left": "1000", "device_payoff": "monthly", "device_monthly": "2000"},
            "device_monthly",
        ),
        ({"hikari": "tower"}, "hikari"),
        ({"leaving": "yes"}, "leaving"),  # 1 or 0 only
        ({"leaving": "2"}, "leaving"),
        ({"holder": "robot"}, "holder"),
        ({"options": "tabuho,nope"}, "options"),
        ({"options": "tsuwa-teigaku"}, "options"),  # R8.2: ends with the line by itself
    ],
)
def test_it_names_the_field_of_a_bad_answer(snapshot, changes, field):
    errors = errors_for(snapshot, **changes)
    assert field in errors
    assert all(isinstance(m, str) and m for m in errors[field])


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"date": "2019-01-01"},
        {"date": "2028-06-01"},  # exactly two years ahead
        {"date": "2028-02-29"},
        {"started": "2026-10"},  # the date's own month
        {"lines": "10", "sim_lost": "10"},
        {"goal": "mnp", "dest": "other"},
        {"tz": "America/Los_Angeles", "time": "08:00"},
        {"unknown": "ignored", "utm_source": "x"},
    ],
)
def test_it_accepts_valid_answers(snapshot, changes):
    assert errors_for(snapshot, **changes) == {}


def test_the_message_shows_the_expected_form():
    assert BY_ID["date"].required
    with pytest.raises(AnswerError) as raised:
        BY_ID["date"].clean("28/10/2026", None)
    assert raised.value.message == "日付を「2026-10-28」の形で入力してください。"


def test_the_canonical_query_round_trips_and_omits_defaults(snapshot):
    query = {
        **BASE,
        "lines": "1",
        "tz": "Asia/Tokyo",
        "options": "virusbuster,tabuho,tabuho",
        "started": "2019-08",
        "date": "2019-09-28",  # R5.1: a 2019-08 start still counts; R3.3: the hour too
        "time": "9:05",
    }
    answers, _ = parse_answers(query, snapshot)
    canonical = answers.to_query()
    assert list(canonical) == sorted(canonical)
    assert canonical["options"] == "tabuho,virusbuster"
    assert canonical["started"] == "2019-08"
    assert canonical["time"] == "09:05"
    assert "lines" not in canonical and "tz" not in canonical
    assert parse_answers(canonical, snapshot)[0] == answers


def test_a_start_month_no_minimum_term_can_reach_is_left_out_of_the_link(snapshot):
    answers, errors = parse_answers({**BASE, "started": "2019-08"}, snapshot)
    assert errors == {} and answers.started is None  # R5.1: it cannot change the result
    assert "started" not in answers.to_query()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"dest": "au"}, "dest"),  # a destination with a cancellation
        ({"device_monthly": "500"}, "device_monthly"),  # a monthly payment with no balance
        ({"device_payoff": "lump"}, "device_payoff"),  # a way to pay nothing
        ({"lines": "3", "staying": "8"}, "staying"),  # 11 cards in a share plan of 10 (R9.3)
    ],
)
def test_answers_the_rest_of_the_link_rules_out_are_errors_naming_the_field(snapshot, extra, field):
    answers, errors = parse_answers({**BASE, **extra}, snapshot)
    assert answers is None and list(errors) == [field]


def test_a_time_with_a_port_out_is_an_error_not_dropped(snapshot):
    query = {**BASE, "goal": "mnp", "dest": "au", "time": "10:00"}
    assert list(parse_answers(query, snapshot)[1]) == ["time"]


def test_an_answer_given_twice_is_an_error_naming_it(snapshot):
    answers, errors = parse_answers(
        QueryDict("goal=mnp&goal=cancel&service=voice&sim=esim&date=2026-10-01&fig=1&fig=2"),
        snapshot,
    )
    assert answers is None and list(errors) == ["goal"]  # unknown ones (fig) stay ignored
    assert "2回" in errors["goal"][0]


def test_a_partial_set_checks_only_what_is_answered(snapshot):
    values, errors = parse_partial({"goal": "mnp", "service": "voice"}, snapshot)
    assert errors == {} and values == {"goal": "mnp", "service": "voice"}
    values, errors = parse_partial({"goal": "mnp", "service": "data"}, snapshot)
    assert "goal" in errors  # R2.2 as soon as both are known
    _, errors = parse_partial({"sim": "esim", "sim_lost": "1"}, snapshot)
    assert "sim_lost" in errors


text = st.text(max_size=30)
field_names = st.sampled_from([*(q.id for q in CONTRACT_QUESTIONS), "other"])


@settings(
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        field_names,
        st.one_of(text, st.integers(), st.none(), st.lists(text, max_size=3)),
        max_size=12,
    )
)
def test_any_query_gives_answers_or_errors_without_raising(snapshot, query):
    answers, errors = parse_answers(query, snapshot)
    assert (answers is None) != (errors == {})
    values, partial_errors = parse_partial(query, snapshot)
    assert isinstance(values, dict) and isinstance(partial_errors, dict)


def test_a_monthly_payment_that_would_take_centuries_is_an_error_not_a_crash(snapshot):
    # 95,770 at 1 a month is no instalment plan; its last payment's month would overflow a date.
    query = {
        **BASE,
        "device_left": "95770",
        "device_payoff": "monthly",
        "device_monthly": "1",
    }
    answers, errors = parse_answers(query, snapshot)
    assert answers is None and list(errors) == ["device_monthly"]
    ok, errors = parse_answers({**query, "device_monthly": "400"}, snapshot)  # 239 payments
    assert errors == {} and ok.device_monthly == 400


def test_leaving_japan_is_1_or_0_and_round_trips_through_the_link_and_the_wizard(snapshot):
    from kaiyaku import flow

    answers, errors = parse_answers({**BASE, "leaving": "1"}, snapshot)
    assert errors == {} and answers.leaving is True and answers.as_json()["leaving"] is True
    assert answers.to_query()["leaving"] == "1"
    assert parse_answers(answers.to_query(), snapshot)[0] == answers
    wizard = answers.wizard_query(snapshot)
    assert "leaving" in wizard["extras"].split(",")  # the wizard's box, ticked
    again, errors = parse_answers(flow.planner_query(wizard), snapshot)
    assert errors == {} and again.leaving is True
    # 0 is the default: the same answers, and the link leaves it out.
    staying_home, errors = parse_answers({**BASE, "leaving": "0"}, snapshot)
    assert errors == {} and staying_home == parse_answers(BASE, snapshot)[0]
    assert "leaving" not in staying_home.to_query()
    assert staying_home.as_json()["leaving"] is False  # every answer with its value
    assert "leaving" not in staying_home.wizard_query(snapshot)["extras"].split(",")


def test_a_bad_leaving_is_a_400_naming_it_in_both_languages(client, seeded):
    for lang, message in (("ja", "日本を離れる予定は1"), ("en", "Give Leaving Japan as 1")):
        response = client.get("/result.json", {**BASE, "leaving": "yes", "lang": lang})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert list(errors) == ["leaving"] and errors["leaving"][0].startswith(message)
