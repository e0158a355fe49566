"""Properties that hold for any valid answers: totals add up, dates are in order (R4.2–R4.4)."""

import datetime

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaiyaku.answers import parse_answers
from kaiyaku.planner import plan

TODAY = "2026-06-01T12:00:00+09:00"
ZONES = [
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Kiritimati",
]
OPTIONS = ["safety-mail", "meiwaku", "tabuho", "smart-checker", "tobira", "i-filter", "virusbuster"]
DESTS = [
    "docomo",
    "au",
    "softbank",
    "rakuten",
    "ahamo",
    "povo",
    "linemo",
    "uq",
    "ymobile",
    "mineo",
    "nuro",
    "other",
]


@st.composite
def valid_queries(draw):
    goal = draw(st.sampled_from(["cancel", "mnp"]))
    service = "voice" if goal == "mnp" else draw(st.sampled_from(["voice", "sms", "data"]))
    sim = draw(st.sampled_from(["physical", "esim"]))
    lines = draw(st.integers(1, 10))
    day = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2028, 6, 1)))
    query = {
        "goal": goal,
        "service": service,
        "sim": sim,
        "date": day.isoformat(),
        "time": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}",
        "tz": draw(st.sampled_from(ZONES)),
        "lines": str(lines),
        "sim_lost": str(0 if sim == "esim" else draw(st.integers(0, lines))),
        "hikari": draw(st.sampled_from(["none", "mansion", "family"])),
        "holder": draw(st.sampled_from(["personal", "corporate", "minor"])),
        "options": ",".join(draw(st.lists(st.sampled_from(OPTIONS), max_size=3))),
    }
    if draw(st.booleans()):
        query["plan"] = draw(st.sampled_from(["giga-2gb", "giga-5gb", "giga-10gb", "giga-20gb"]))
    if draw(st.booleans()):
        started = draw(st.dates(datetime.date(2012, 1, 1), day))
        query["started"] = started.strftime("%Y-%m")
    if goal == "mnp":
        query["dest"] = draw(st.sampled_from(DESTS))
    left = draw(st.integers(0, 200_000))
    if left:
        query["device_left"] = str(left)
        query["device_payoff"] = draw(st.sampled_from(["lump", "monthly"]))
        query["device_monthly"] = str(draw(st.integers(1, left)))
    return query


@settings(
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(valid_queries())
def test_any_valid_answers_give_a_consistent_result(snapshot, query):
    with time_machine.travel(TODAY, tick=False):
        answers, errors = parse_answers(query, snapshot)
        assert errors == {}
        result = plan(answers, snapshot, datetime.datetime.now(datetime.UTC))

    assert all(isinstance(i.amount_yen, int) and i.amount_yen >= 0 for i in result.items)
    assert result.charges_total_yen == sum(i.amount_yen for i in result.items if i.kind == "charge")
    assert result.own_total_yen == sum(i.amount_yen for i in result.items if i.kind == "own")

    dates = result.dates
    assert dates.service_end.utcoffset() == datetime.timedelta(hours=9)
    assert dates.apply_by <= dates.service_end.date()
    assert result.effective_month.day == 1
    if answers.goal == "mnp":
        assert dates.mnp_number_from <= dates.mnp_number_to <= dates.apply_by
        assert dates.mnp_number_expires == dates.mnp_number_to + datetime.timedelta(days=14)  # R4.2
        assert "mnp_fee" in {i.code for i in result.items}  # R4.6: shown even when 0
    else:
        assert dates.mnp_number_from is None
    assert len(result.figures_hash) == 12
    assert result.data_as_of <= datetime.date(2026, 6, 1)
