"""Cancellation (解約): when it takes effect, what it costs, and the warnings a person must see."""

import datetime

import pytest

from kaiyaku.result.exports import as_json
from tests.conftest import item, warning_codes


@pytest.mark.parametrize(
    "day",
    [
        "2025-10-01",  # R3.2: one day used, still the full month (article's per-day table)
        "2025-10-10",
        "2025-10-20",
        "2025-10-31",
    ],
)
def test_it_bills_the_full_month_whatever_the_day(make_plan, day):
    result = make_plan(date=day, time="10:00", plan="giga-5gb")
    assert result.effective_month == datetime.date(2025, 10, 1)
    assert item(result, "plan").amount_yen == 990  # R3.2: no proration
    assert result.charges_total_yen == 990  # 990 is tax-included: never 1,089


@pytest.mark.parametrize(
    ("day", "apply_by", "final_bill", "card_until"),
    [
        ("2025-10-05", "2025-10-28", "2025-11", "2025-12"),  # R3.3: 31-day month
        ("2025-11-05", "2025-11-27", "2025-12", "2026-01"),  # R3.3: 30-day month
        ("2027-02-05", "2027-02-25", "2027-03", "2027-04"),  # 28-day February
        ("2028-02-05", "2028-02-26", "2028-03", "2028-04"),  # leap year: 29 days
        ("2026-12-05", "2026-12-28", "2027-01", "2027-02"),  # R7.1: December → January
    ],
)
def test_it_recommends_applying_three_days_before_month_end(
    make_plan, words, day, apply_by, final_bill, card_until
):
    dates = as_json(words(make_plan(date=day)))["dates"]
    assert dates["apply_by"] == apply_by
    assert dates["final_bill_month"] == final_bill
    assert dates["card_valid_until"] == card_until
    last = datetime.date.fromisoformat(apply_by) + datetime.timedelta(days=3)
    assert dates["service_end"] == f"{last.isoformat()}T23:59+09:00"  # R3.1


@pytest.mark.parametrize(
    ("day", "time", "late"),
    [
        ("2025-10-28", "12:00", False),  # R3.3: last−3, no risk
        ("2025-10-29", "12:00", False),  # last−2: low risk, a tip only
        ("2025-10-30", "12:00", True),  # last−1: medium
        ("2025-10-31", "12:00", True),  # last day: high
        ("2025-10-31", "23:10", True),  # last day from 23:00: very high
    ],
)
def test_it_warns_about_late_applications(make_plan, day, time, late):
    assert ("late_application" in warning_codes(make_plan(date=day, time=time))) is late


def test_it_names_the_very_high_risk_late_on_the_last_day(make_plan, words):
    result = make_plan(date="2025-10-31", time="23:10")
    late = next(w for w in result.warnings if w.code == "late_application")
    assert late.params["risk"] == "very_high"  # R3.3
    text = next(w["text"] for w in words(result).warnings if w["code"] == "late_application")
    assert "非常に高い" in text


@pytest.mark.parametrize(
    ("day", "time", "effective", "slips"),
    [
        # R3.4: the weekly stop is Tuesday 23:00 → Wednesday 05:00 (data).
        ("2025-10-28", "22:59", "2025-10", False),  # just before: fine
        ("2025-10-28", "23:00", "2025-10", False),  # inside, but Wednesday is still October
        ("2026-03-31", "23:30", "2026-04", True),  # last day is a Tuesday: pushed to April
        ("2028-02-29", "23:00", "2028-03", True),  # leap day, a Tuesday
        ("2026-04-01", "04:59", "2026-04", False),  # Wednesday morning, inside the window
        ("2026-04-01", "05:00", "2026-04", False),  # window over
    ],
)
def test_it_moves_an_application_out_of_weekly_maintenance(make_plan, day, time, effective, slips):
    result = make_plan(date=day, time=time, plan="giga-5gb")
    assert result.effective_month.strftime("%Y-%m") == effective
    assert ("slips_to_next_month" in warning_codes(result)) is slips
    if slips:
        assert item(result, "plan").amount_yen == 990 * 2  # R3.4: a further full month


@pytest.mark.parametrize(
    ("day", "time", "in_window"),
    [
        ("2025-10-28", "23:00", True),
        ("2025-10-29", "04:59", True),
        ("2025-10-29", "05:00", False),
        ("2025-10-27", "23:30", False),  # Monday night: nightly processing only
    ],
)
def test_it_warns_only_inside_the_weekly_maintenance(make_plan, day, time, in_window):
    assert ("maintenance" in warning_codes(make_plan(date=day, time=time))) is in_window


def test_nightly_processing_gives_a_tip_but_no_slip(make_plan, words):
    result = make_plan(date="2026-04-30", time="23:45")  # a Thursday: nightly only (R3.4)
    assert result.effective_month == datetime.date(2026, 4, 1)
    assert "slips_to_next_month" not in warning_codes(result)
    assert any("夜間処理" in tip for tip in words(result).tips)


def test_los_angeles_on_the_31st_at_8am_is_november_in_japan(make_plan):
    # R3.5, the article's example: 10-31 08:00 in Los Angeles = 11-01 00:00 JST.
    result = make_plan(date="2025-10-31", time="08:00", tz="America/Los_Angeles", plan="giga-5gb")
    assert result.planned_at == datetime.datetime(
        2025, 11, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
    )
    assert result.effective_month == datetime.date(2025, 11, 1)
    assert {"slips_to_next_month", "overseas_deadline"} <= warning_codes(result)
    assert item(result, "plan").amount_yen == 1980  # October and November, both in full


@pytest.mark.parametrize(
    ("day", "time", "tz", "jst"),
    [
        # R3.5 with real offsets (the article's UK and Australia rows are wrong).
        ("2025-10-31", "14:59", "Europe/London", "2025-10-31 23:59"),  # GMT after 10-26
        ("2025-10-24", "14:59", "Europe/London", "2025-10-24 22:59"),  # still BST
        ("2025-10-31", "22:00", "Australia/Sydney", "2025-10-31 20:00"),  # AEDT +11
        ("2026-03-08", "02:30", "America/Los_Angeles", "2026-03-08 19:30"),  # skipped by DST
        ("2025-11-02", "01:30", "America/Los_Angeles", "2025-11-02 17:30"),  # repeated: first
        ("2026-10-31", "08:00", "America/Los_Angeles", "2026-11-01 00:00"),  # PDT
        ("2026-12-31", "08:00", "America/Los_Angeles", "2027-01-01 01:00"),  # PST, new year
    ],
)
def test_it_converts_the_local_time_to_japan_time(make_plan, day, time, tz, jst):
    result = make_plan(date=day, time=time, tz=tz)
    assert result.planned_at.strftime("%Y-%m-%d %H:%M") == jst
    assert result.effective_month == datetime.date.fromisoformat(jst[:10]).replace(day=1)


def test_new_years_eve_abroad_bills_december_and_january(make_plan, words):
    result = make_plan(date="2026-12-31", time="08:00", tz="America/Los_Angeles", plan="giga-2gb")
    assert result.effective_month == datetime.date(2027, 1, 1)
    assert item(result, "plan").amount_yen == 850 * 2  # R3.2, R3.5
    assert as_json(words(result))["dates"]["final_bill_month"] == "2027-02"


def test_a_zone_ahead_of_japan_keeps_the_japanese_month(make_plan):
    # Kiritimati (+14): 11-01 03:00 there is 10-31 22:00 in Japan — still October.
    result = make_plan(date="2025-11-01", time="03:00", tz="Pacific/Kiritimati", plan="giga-5gb")
    assert result.effective_month == datetime.date(2025, 10, 1)
    assert item(result, "plan").amount_yen == 990
    assert "slips_to_next_month" not in warning_codes(result)


def test_it_warns_abroad_and_not_at_home(make_plan):
    assert "overseas_deadline" not in warning_codes(make_plan(date="2025-10-10"))
    assert "overseas_deadline" in warning_codes(make_plan(date="2025-10-10", tz="Asia/Seoul"))


def test_the_cancel_step_gives_the_menu_and_maintenance_hours(make_plan, details_of):
    result = make_plan(date="2025-10-10")
    step = next(c for c in result.checklist if c.code == "apply_cancel")
    details = details_of(result, "apply_cancel")
    assert step.phase == "during"
    assert step.due == datetime.date(2025, 10, 28)
    assert "サービスのご解約" in details["メニュー"]  # R10.2 menu (data)
    assert "火曜23:00" in details["使えない時間"]  # R3.4
    assert step.help == "cancel-menu"


def test_a_plan_missing_from_the_answers_is_said_not_included(make_plan):
    result = make_plan(date="2025-10-10")
    assert item(result, "plan") is None
    assert "plan_not_included" in warning_codes(result)


@pytest.mark.parametrize(
    ("answers", "tip"),
    [
        # R3.3: on or before last−3 nothing is at stake, so no saving is claimed.
        ({"date": "2025-10-28"}, ""),
        # R3.3: after last−3 a slip into November would cost a further 990.
        (
            {"date": "2025-10-30"},
            "2025年10月28日(火)までに申し込めば、手続きが翌月にずれて990円多くかかる心配がありません。",
        ),
        # R3.5: already slipped (the article's Los Angeles example): applying on the day entered
        # in Japan saves the extra month.
        (
            {"date": "2025-10-31", "time": "08:00", "tz": "America/Los_Angeles"},
            "2025年10月28日(火)までに申し込めば、990円安くなります。",
        ),
    ],
)
def test_the_saving_tip_prices_what_timing_is_worth(make_plan, words, answers, tip):
    assert (words(make_plan(plan="giga-5gb", **answers)).saving_tip or "") == tip


def test_without_a_plan_there_is_no_price_to_put_on_timing(make_plan):
    assert make_plan(date="2025-10-30").saving_tip is None  # R3.2: nothing monthly to count
