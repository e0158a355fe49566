"""MNP port-out (MNP転出): the number's window, expiry, delivery and the port-out fee."""

import datetime

import pytest

from kaiyaku.result.exports import as_json
from tests.conftest import item, warning_codes

D = datetime.date.fromisoformat


def mnp(make_plan, **answers):
    return make_plan(**{"goal": "mnp", "dest": "docomo", **answers})


@pytest.mark.parametrize(
    ("taken", "expires"),
    [
        ("2025-10-06", "2025-10-20"),  # R4.2: the article's table, issue day included
        ("2025-10-15", "2025-10-29"),
        ("2025-10-25", "2025-11-08"),
    ],
)
def test_the_number_expires_fourteen_days_after_its_issue_day(make_plan, taken, expires):
    # eSIM: no delivery, so the number is taken on the activation day at the latest (R4.4).
    dates = mnp(make_plan, date=taken, sim="esim").dates
    assert dates.mnp_number_to == D(taken)
    assert dates.mnp_number_expires == D(expires)


@pytest.mark.parametrize(
    ("dest", "sim", "activation", "apply_by", "number_from"),
    [
        ("docomo", "physical", "2025-10-31", "2025-10-26", "2025-10-21"),  # R4.3 10, R4.4 5
        ("docomo", "esim", "2025-10-31", "2025-10-31", "2025-10-26"),  # eSIM same day
        ("rakuten", "physical", "2025-10-31", "2025-10-26", "2025-10-18"),  # 7 days left
        ("povo", "physical", "2025-10-31", "2025-10-26", "2025-10-24"),  # 13 (disputed)
        ("other", "physical", "2025-10-31", "2025-10-26", "2025-10-21"),  # unknown MVNO: 10
        ("au", "physical", "2026-01-03", "2025-12-29", "2025-12-24"),  # across the new year
    ],
)
def test_it_dates_the_number_window_from_the_destination_and_delivery(
    make_plan, dest, sim, activation, apply_by, number_from
):
    dates = mnp(make_plan, dest=dest, sim=sim, date=activation).dates
    assert dates.apply_by == D(apply_by)
    assert dates.mnp_number_to == D(apply_by)
    assert dates.mnp_number_from == D(number_from)


@pytest.mark.parametrize("dest", ["docomo", "rakuten", "povo", "linemo", "other"])
def test_a_number_taken_on_the_first_day_still_has_the_days_required(make_plan, snapshot, dest):
    # R4.3: days left on D = (expiry − D) + 1, counting the day itself.
    dates = mnp(make_plan, dest=dest, date="2025-10-31").dates
    valid = snapshot.source.mnp_number_valid_days
    expiry_if_taken_first = dates.mnp_number_from + datetime.timedelta(days=valid - 1)
    days_left = (expiry_if_taken_first - dates.apply_by).days + 1
    assert days_left == snapshot.destination(dest).mnp_days_required


def test_the_line_ends_at_the_start_of_the_activation_day(make_plan, words):
    result = mnp(make_plan, date="2025-10-29")
    service_end = as_json(words(result))["dates"]["service_end"]
    assert service_end == "2025-10-29T00:00+09:00"  # R4.4
    assert result.effective_month == D("2025-10-01")


@pytest.mark.parametrize(
    ("day", "warned"),
    [("2025-11-01", True), ("2025-10-31", False), ("2026-01-01", True)],  # R4.5
)
def test_it_warns_about_activating_on_the_first(make_plan, day, warned):
    assert ("activation_on_first" in warning_codes(mnp(make_plan, date=day))) is warned


@pytest.mark.parametrize(
    ("day", "lines", "fee"),
    [
        ("2019-09-30", 1, 3240),  # R4.6 3,000 excl. at 8 % (tax by the day it arises)
        ("2019-10-01", 1, 3300),  # 10 % from 2019-10-01
        ("2021-03-31", 1, 3300),  # last day of the fee
        ("2021-03-31", 2, 6600),  # per line
        ("2021-04-01", 1, 0),  # free from 2021-04-01, but still shown
        ("2025-10-31", 3, 0),
    ],
)
def test_the_port_out_fee_follows_the_port_out_day(make_plan, day, lines, fee):
    result = mnp(make_plan, date=day, lines=lines)
    assert item(result, "mnp_fee").amount_yen == fee


def test_it_bills_the_activation_month_in_full(make_plan):
    result = mnp(make_plan, date="2025-10-29", plan="giga-5gb")
    assert item(result, "plan").amount_yen == 990  # R4.5: one month, no proration


def test_the_number_step_gives_the_window_menu_and_hours(make_plan, details_of):
    result = mnp(make_plan, date="2025-10-31")
    step = next(c for c in result.checklist if c.code == "get_mnp_number")
    details = details_of(result, "get_mnp_number")
    assert step.due == D("2025-10-26")
    assert "MNP予約番号" in details["メニュー"]
    assert "20:00以降は翌朝9:00" in details["発行時間"]  # R4.1 (data)
    assert step.help == "mnp-number"


def test_mnp_has_no_cancel_step_and_dates_the_destination_steps(make_plan):
    result = mnp(make_plan, date="2025-10-31")
    by_code = {c.code: c for c in result.checklist}
    assert "apply_cancel" not in by_code  # R2.1: no cancellation needed
    assert by_code["apply_destination"].due == D("2025-10-26")
    assert by_code["activate_destination"].due == D("2025-10-31")
    assert by_code["identity_check"].due < by_code["get_mnp_number"].due
