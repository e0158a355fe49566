"""Figures in force on the day their charge arises (facts.md, Updates U1, U2)."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from tests.snapshots import make_snapshot

D = datetime.date.fromisoformat

# (rule, method, day, price in force that day): each boundary of U1's table.
POSTAGE_ON = [
    ("U1", "kani-kakitome", "2023-09-30", 404),
    ("U1", "kani-kakitome", "2023-10-01", 434),
    ("U1", "kani-kakitome", "2024-09-30", 434),
    ("U1", "kani-kakitome", "2024-10-01", 460),
    ("U1", "teikei", "2024-09-30", 84),
    ("U1", "teikei", "2024-10-01", 110),
    ("U1", "tokutei-kiroku", "2024-09-30", 244),
    ("U1", "tokutei-kiroku", "2024-10-01", 320),
    ("U1", "letterpack-light", "2024-09-30", 370),
    ("U1", "letterpack-light", "2024-10-01", 430),
]


@pytest.mark.parametrize(("rule", "code", "day", "price"), POSTAGE_ON)
def test_postage_is_the_price_in_force_on_the_day(snapshot, rule, code, day, price):
    in_force = [p for p in snapshot.postage if p.code == code and p.in_force(D(day))]
    assert [p.price for p in in_force] == [price]


@pytest.mark.parametrize(
    ("day", "price"),
    [("2023-09-30", 404), ("2023-10-01", 434), ("2024-09-30", 434), ("2024-10-01", 460)],
)
def test_the_recommended_postage_follows_u1(snapshot, day, price):
    postage = snapshot.recommended_postage(D(day))
    assert (postage.code, postage.price) == ("kani-kakitome", price)  # U1: 簡易書留


# The cards go back by the checklist's return-by day, service end + 14 (R6.1 convention): an
# MNP activated on day A posts by A + 14, so these activations put it on each side of U1's dates.
@pytest.mark.parametrize(
    ("activation", "return_by", "postage"),
    [
        ("2023-09-16", "2023-09-30", 404),  # U1
        ("2023-09-17", "2023-10-01", 434),  # U1: 簡易書留 surcharge 320 → 350
        ("2024-09-16", "2024-09-30", 434),  # U1
        ("2024-09-17", "2024-10-01", 460),  # U1: 定形 84 → 110
    ],
)
def test_the_plan_prices_postage_on_the_return_by_day(
    make_plan, details_of, activation, return_by, postage
):
    result = make_plan(goal="mnp", dest="docomo", date=activation)
    item = next(i for i in result.items if i.code == "postage")
    step = next(c for c in result.checklist if c.code == "return_sim")
    assert step.due == D(return_by)
    assert item.amount_yen == postage
    assert str(postage) in details_of(result, "return_sim")["おすすめの送り方"].replace(",", "")


def test_a_cancellation_in_september_2024_posts_at_octobers_price(make_plan):
    # Service ends 2024-09-30; the cards go back by 2024-10-14, after the rise (U1).
    result = make_plan(date="2024-09-10")
    assert next(i for i in result.items if i.code == "postage").amount_yen == 460


def test_each_month_is_billed_at_the_plan_price_in_force_that_month(snapshot, make_plan):
    """U2: a price change is a new dated row; a slipped month pays the new price."""
    old = snapshot.plan("giga-5gb")
    cheaper = dataclasses.replace(
        old, monthly_price=Decimal("950"), valid_from=D("2026-12-01"), valid_to=None
    )
    closed = dataclasses.replace(old, valid_to=D("2026-11-30"))
    changed = make_snapshot(plans=(*(p for p in snapshot.plans if p is not old), closed, cheaper))

    # Applied on 2026-11-30 at 12:00 in Los Angeles: 12-01 05:00 in Japan, so December (R3.5).
    result = make_plan(
        data=changed, plan="giga-5gb", date="2026-11-30", time="12:00", tz="America/Los_Angeles"
    )

    monthly = next(i for i in result.items if i.code == "plan")
    assert result.effective_month == D("2026-12-01")
    assert monthly.amount_yen == 990 + 950
