"""The data snapshot: a fixed number of queries, plain values, and fresh after any edit."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaiyaku import models
from kaiyaku.snapshot.shapes import Snapshot
from kaiyaku.snapshot.store import get_snapshot, snapshot_at
from tests.snapshots import make_snapshot

pytestmark = pytest.mark.django_db

SNAPSHOT_QUERY_LIMIT = 5


def build_counting():
    cache.clear()
    snapshot_at.cache_clear()
    with CaptureQueriesContext(connection) as queries:
        snapshot = get_snapshot()
    return snapshot, len(queries)


def test_it_is_built_in_a_fixed_number_of_queries_however_much_data(seeded):
    _, first = build_counting()  # may include SQLite's one-off JSON support probe per connection
    assert first <= SNAPSHOT_QUERY_LIMIT
    _, before = build_counting()
    iijmio = models.Carrier.objects.get(code="iijmio")
    for n in range(20):
        carrier = models.Carrier.objects.create(
            code=f"mvno-{n}", name=f"MVNO {n}", verified_on="2025-10-31", mnp_days_required=7
        )
        models.Plan.objects.create(
            carrier=carrier, code="p", name="p", monthly_price=1000, verified_on="2025-10-31"
        )
        models.Fee.objects.create(
            carrier=iijmio,
            code=f"extra-{n}",
            name="x",
            amount=10,
            tax_class="excl",
            verified_on="2025-10-31",
        )
    snapshot, after = build_counting()
    assert after == before <= SNAPSHOT_QUERY_LIMIT
    assert len(snapshot.destinations) >= 20


def test_a_warm_snapshot_costs_one_query(seeded):
    get_snapshot()
    with CaptureQueriesContext(connection) as queries:
        get_snapshot()
    assert len(queries) == 1


def test_it_holds_plain_exact_values(seeded):
    snapshot = get_snapshot()
    source = snapshot.source
    assert source.code == "iijmio" and source.mnp_number_valid_days == 15
    assert source.maintenance_weekday == 1
    assert source.maintenance_from == datetime.time(23, 0)
    assert snapshot.fee("recontract_sim", datetime.date(2025, 10, 1)).amount == Decimal("433.4")
    assert snapshot.plan("giga-5gb").monthly_price == Decimal("990")
    assert [o.code for o in snapshot.continuing_options] == [
        "i-filter",
        "meiwaku",
        "safety-mail",
        "smart-checker",
        "tabuho",
        "tobira",
        "virusbuster",
    ]
    assert snapshot.destination("iijmio") is None  # the source is not a destination
    assert snapshot.destination("povo").disputed


@pytest.mark.parametrize(
    ("day", "amount"),
    [("2021-03-31", Decimal("3000")), ("2021-04-01", Decimal("0"))],  # R4.6
)
def test_dated_fees_are_looked_up_by_day(seeded, day, amount):
    fee = get_snapshot().fee("mnp_transfer", datetime.date.fromisoformat(day))
    assert fee.amount == amount


@pytest.mark.parametrize(
    ("service", "day", "reaches"),
    [
        ("voice", "2019-10-31", True),  # R5.1: a 2019-09 start runs through the end of October
        ("voice", "2019-11-01", False),  # no contract the rule covers is still inside its term
        ("voice", "2026-10-20", False),
        ("data", "2019-09-15", False),  # data and SMS lines have no minimum term
        ("sms", "2019-09-15", False),
    ],
)
def test_it_says_when_a_minimum_term_could_still_be_running(seeded, service, day, reaches):
    fees = get_snapshot().min_term_fees_reaching(service, datetime.date.fromisoformat(day))
    assert bool(fees) is reaches


def test_an_edit_is_seen_on_the_next_call(seeded):
    assert get_snapshot().plan("giga-5gb").monthly_price == Decimal("990")
    plan = models.Plan.objects.get(code="giga-5gb")
    plan.monthly_price = Decimal("950")
    plan.save()
    assert get_snapshot().plan("giga-5gb").monthly_price == Decimal("950")


def test_an_edit_made_by_another_process_is_seen_too(seeded):
    # Another process saved through its own signals: only the database row moved here.
    stale = get_snapshot()
    models.Plan.objects.filter(code="giga-5gb").update(monthly_price=Decimal("900"))
    assert get_snapshot() == stale  # nothing told this process yet: the cached version
    assert get_snapshot().plan("giga-5gb").monthly_price == Decimal("990")
    row = models.DataVersion.objects.get(pk=1)
    models.DataVersion.objects.filter(pk=1).update(number=row.number + 1)
    assert get_snapshot().plan("giga-5gb").monthly_price == Decimal("900")


def test_data_as_of_comes_from_verified_on_dates_not_from_edits(seeded):
    before = get_snapshot().data_as_of
    plan = models.Plan.objects.get(code="giga-2gb")
    plan.note = "誤字を直しただけ"
    plan.save()  # an edit today checks nothing
    assert get_snapshot().data_as_of == before == datetime.date(2026, 11, 1)

    plan.verified_on = datetime.date(2026, 11, 20)
    plan.save()
    assert get_snapshot().data_as_of == datetime.date(2026, 11, 20)
    assert get_snapshot().plan("giga-2gb").as_of == datetime.date(2026, 11, 20)


def test_the_snapshot_built_without_the_database_is_the_seeded_one(seeded):
    # tests/snapshots.py builds the planner's input from the fixtures; it must not drift.
    from_db = get_snapshot()
    from_fixtures = make_snapshot()
    for field in dataclasses.fields(Snapshot):
        if field.compare and field.name != "version":
            assert getattr(from_fixtures, field.name) == getattr(from_db, field.name), field.name
