"""The seeded data holds every figure of facts.md with its value, tax class and provenance."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kaiyaku.models import (
    DATA_MODELS,
    Carrier,
    Fact,
    Fee,
    Option,
    Plan,
    PostageMethod,
    ReturnAddress,
    Status,
    TaxRate,
)

pytestmark = pytest.mark.usefixtures("seeded")

INCL, EXCL, NONE = "incl", "excl", "none"
FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.json"))

# (rule, carrier, plan code, monthly price, tax class)
PLANS = [
    ("R1.2", "iijmio", "giga-2gb", 850, INCL),
    ("R1.2", "iijmio", "giga-5gb", 990, INCL),
    ("R1.2", "iijmio", "giga-10gb", 1500, INCL),
    ("R1.2", "iijmio", "giga-20gb", 2000, INCL),
    ("R8.1", "iijmio", "hikari-mansion", 4356, INCL),
    ("R8.1", "iijmio", "hikari-family", 5456, INCL),
    ("R11", "linemo", "linemo-mini", 990, INCL),
    ("R11", "linemo", "linemo-20gb", 2728, INCL),
    ("R11", "rakuten", "rakuten-3gb", 1078, INCL),
    ("R11", "rakuten", "rakuten-20gb", 2178, INCL),
    ("R11", "rakuten", "rakuten-unlimited", 3278, INCL),
    ("R11", "mineo", "mineo-5gb", 1518, INCL),
    ("R11", "mineo", "mineo-10gb", 1958, INCL),
    ("R11", "mineo", "mineo-20gb", 2178, INCL),
    ("R11", "nuro", "nuro-5gb", 990, INCL),
    ("R11", "nuro", "nuro-10gb", 1485, INCL),
    ("R11", "nuro", "nuro-20gb", 2699, INCL),
    ("R11", "povo", "povo-20gb", 2700, INCL),
    ("R11", "ahamo", "ahamo-20gb", 2970, INCL),
    ("R11", "uq", "uq-4gb", 2365, INCL),
    ("R11", "uq", "uq-20gb", 3278, INCL),
    ("R11", "ymobile", "ymobile-4gb", 2365, INCL),
    ("R11", "ymobile", "ymobile-20gb", 4015, INCL),
]

# (rule, fee code, valid from, amount, tax class, other fields that carry a figure)
FEES = [
    ("R1.3", "share_sim", None, 440, INCL, {"per_month": True}),
    ("R4.6", "mnp_transfer", None, 3000, EXCL, {"valid_to": dt.date(2021, 3, 31)}),
    ("R4.6", "mnp_transfer", dt.date(2021, 4, 1), 0, INCL, {"valid_to": None}),
    (
        "R5.1",
        "min_term_voice",
        None,
        1000,
        NONE,
        {"contracted_to": dt.date(2019, 9, 30), "services": "voice", "term_months": 1},
    ),
    ("R5.2", "cancel", None, 0, INCL, {}),
    ("R5.2", "recontract_admin", None, 3300, INCL, {}),
    ("R5.2", "recontract_sim", None, Decimal("433.4"), INCL, {}),
    ("R6.3", "sim_damage", None, 2000, NONE, {}),
    ("R8.1", "hikari_discount", None, 660, INCL, {"per_month": True}),
    ("R8.1", "hikari_early_exit", None, 3000, NONE, {"term_months": 24}),
]

# (rule, option code, price, price up to, tax class, ends with the line)
OPTIONS = [
    ("R8.2", "tsuwa-teigaku", 500, 1400, INCL, True),
    ("R8.2", "miofone-dial", 0, None, INCL, True),
    ("R8.2", "data-add", 220, None, INCL, True),
    ("R8.2", "daiyoryo", 220, 3410, INCL, True),
    ("R8.2", "tanmatsu-hosho", 418, 550, INCL, True),
    ("R8.3", "safety-mail", 330, None, INCL, False),
    ("R8.3", "meiwaku", 550, None, INCL, False),
    ("R8.3", "tabuho", 550, None, INCL, False),
    ("R8.3", "smart-checker", 385, None, INCL, False),
    ("R8.3", "tobira", 330, None, INCL, False),
    ("R8.3", "i-filter", 396, None, INCL, False),
    ("R8.3", "virusbuster", 275, None, INCL, False),
]

# (rule, destination code, days the number must still have when applying)
MNP_DAYS = [
    ("R4.3", "docomo", 10),
    ("R4.3", "au", 10),
    ("R4.3", "softbank", 10),
    ("R4.3", "rakuten", 7),
    ("R4.3", "ahamo", 10),
    ("R4.3", "povo", 13),
    ("R4.3", "linemo", 10),
    ("R4.3", "other", 10),  # other MVNOs ask 7-10: the longer when unknown
]

# (rule, field of IIJmio as the carrier people leave, value)
IIJMIO = [
    ("R4.2", "mnp_number_valid_days", 15),
    ("R4.1", "mnp_issue_from", dt.time(9, 0)),
    ("R4.1", "mnp_issue_until", dt.time(20, 0)),
    ("R3.4", "maintenance_weekday", 1),  # Tuesday
    ("R3.4", "maintenance_from", dt.time(23, 0)),
    ("R3.4", "maintenance_until", dt.time(5, 0)),
    ("R3.4", "nightly_from", dt.time(23, 30)),
    ("R3.4", "nightly_until", dt.time(5, 0)),
    ("R10.1", "support_phone", "0570-09-4400"),
    ("R10.1", "support_hours", "9:00〜19:00(毎日)"),
    ("R10.1", "chat_hours", "10:00〜18:00(毎日)"),
    ("R10.1", "mail_reply", "1〜2営業日"),
    ("R10.2", "mail_domains", "@iijmio.jp, @iij.ad.jp"),
]

# (rule, postage code, valid from, valid to, price, price is a minimum, recommended): U1's table
POSTAGE = [
    ("U1", "teikei", None, dt.date(2024, 9, 30), 84, False, False),
    ("U1", "teikei", dt.date(2024, 10, 1), None, 110, False, False),
    ("U1", "tokutei-kiroku", None, dt.date(2024, 9, 30), 244, False, False),
    ("U1", "tokutei-kiroku", dt.date(2024, 10, 1), None, 320, False, False),
    ("U1", "kani-kakitome", None, dt.date(2023, 9, 30), 404, False, True),
    ("U1", "kani-kakitome", dt.date(2023, 10, 1), dt.date(2024, 9, 30), 434, False, True),
    ("U1", "kani-kakitome", dt.date(2024, 10, 1), None, 460, False, True),
    ("U1", "letterpack-light", None, dt.date(2024, 9, 30), 370, False, False),
    ("U1", "letterpack-light", dt.date(2024, 10, 1), None, 430, False, False),
    ("R6.4", "takuhai", None, None, 600, True, False),
]

# (what, the records that hold it): the disputes listed in facts.md § Provenance.
DISPUTES = [
    ("R6.3 unreturned SIM", lambda: Fee.objects.filter(code="sim_damage")),
    ("R5.1 minimum term", lambda: Fee.objects.filter(code="min_term_voice")),
    ("R8.1 fibre early exit", lambda: Fee.objects.filter(code="hikari_early_exit")),
    ("R4.3 povo days", lambda: Carrier.objects.filter(code="povo")),
    ("R1.2/U2 ギガプラン prices", lambda: Plan.objects.filter(code__startswith="giga-")),
    ("R6.4 宅配便, outside U1", lambda: PostageMethod.objects.filter(code="takuhai")),
    ("R3.1 withdrawing a cancellation", lambda: Fact.objects.filter(code="cancel_withdrawal")),
]


def rows(table):
    return pytest.mark.parametrize(
        "row", table, ids=[f"{r[0]}-{'-'.join(str(x) for x in r[1:3])}" for r in table]
    )


@rows(PLANS)
def test_plan_prices_are_seeded(row):
    _, carrier, code, price, tax_class = row
    plan = Plan.objects.get(carrier__code=carrier, code=code)
    assert plan.monthly_price == price
    assert plan.tax_class == tax_class


@rows(FEES)
def test_fees_are_seeded(row):
    _, code, valid_from, amount, tax_class, others = row
    fee = Fee.objects.get(carrier__code="iijmio", code=code, valid_from=valid_from)
    assert fee.amount == amount
    assert fee.tax_class == tax_class
    assert {name: getattr(fee, name) for name in others} == others


@rows(OPTIONS)
def test_options_are_seeded(row):
    _, code, price, price_max, tax_class, ends_with_line = row
    option = Option.objects.get(carrier__code="iijmio", code=code)
    assert (option.monthly_price, option.monthly_price_max) == (price, price_max)
    assert option.tax_class == tax_class
    assert option.ends_with_line is ends_with_line


def test_third_party_options_say_where_they_are_cancelled():
    # R8.3: タブホ, ウイルスバスター (Trend Micro), i-フィルター (Digital Arts) at their own sites.
    where = dict(
        Option.objects.filter(code__in=["tabuho", "virusbuster", "i-filter"]).values_list(
            "code", "provider"
        )
    )
    assert where == {
        "tabuho": "タブホ",
        "virusbuster": "トレンドマイクロ",
        "i-filter": "デジタルアーツ",
    }


@rows(MNP_DAYS)
def test_destinations_require_days_left_on_the_mnp_number(row):
    _, code, days = row
    carrier = Carrier.objects.get(code=code)
    assert carrier.is_destination
    assert carrier.mnp_days_required == days


def test_every_destination_has_a_days_requirement():
    missing = Carrier.objects.filter(is_destination=True, mnp_days_required__isnull=True)
    assert list(missing) == []


@rows(IIJMIO)
def test_iijmio_timings_and_support_are_seeded(row):
    _, field, value = row
    iijmio = Carrier.objects.get(code="iijmio")
    assert iijmio.is_source
    assert getattr(iijmio, field) == value


def test_the_sim_return_address_is_seeded():
    # R6.2
    address = ReturnAddress.objects.get(carrier__code="iijmio")
    assert address.postcode == "143-0006"
    assert address.address == "東京都大田区平和島3-6-1 東京団地倉庫A-2棟 住友倉庫内"
    assert address.recipient == "IIJモバイル 解約受付センター"


@rows(POSTAGE)
def test_postage_methods_are_seeded_by_period(row):
    rule, code, valid_from, valid_to, price, is_minimum, recommended = row
    method = PostageMethod.objects.get(code=code, valid_from=valid_from)
    assert (method.valid_to, method.price) == (valid_to, price)
    assert method.price_is_minimum is is_minimum
    assert method.recommended is recommended
    if rule == "U1":
        assert method.status == Status.CONFIRMED and method.verified_on == dt.date(2026, 11, 1)


# (rule, what, code, value, valid from)
FACTS = [
    ("U6", "初期契約解除の日数", "initial_cancellation_days", "8", None),
    ("U2", "ギガプランの開始日", "giga_plan_start", "2021-04-01", None),
    ("U3", "最低利用期間は開始月の末日まで", "min_term_end", "開始月の末日", dt.date(2023, 12, 1)),
    ("U4", "MNPワンストップの開始日", "mnp_one_stop_start", "2023-05-24", None),
]


@rows(FACTS)
def test_dated_facts_are_seeded(row):
    _, _, code, value, valid_from = row
    fact = Fact.objects.get(code=code)
    assert (fact.value, fact.valid_from) == (value, valid_from)
    assert fact.source != "article"


def test_the_15gb_tier_missing_from_the_article_is_seeded():
    # U2: 1,800 per IIJmio's 2025-11 campaign notice; the day ギガプラン began is a dated fact.
    assert Plan.objects.get(code="giga-15gb").monthly_price == 1800


@pytest.mark.parametrize(
    ("code", "reported"),
    [("giga-5gb", "950円"), ("giga-10gb", "1,400円"), ("giga-15gb", "1,600円")],
)
def test_third_party_price_cuts_are_noted_not_adopted(code, reported):
    # U2: the article's prices stay; the report is in the note, shown with 要確認.
    plan = Plan.objects.get(code=code)
    assert reported in plan.note and plan.status == Status.DISPUTED


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "rate"),
    [(dt.date(2014, 4, 1), dt.date(2019, 9, 30), 8), (dt.date(2019, 10, 1), None, 10)],
    ids=["8%-until-2019-09-30", "10%-from-2019-10-01"],
)
def test_tax_rates_are_seeded_by_date(valid_from, valid_to, rate):
    tax = TaxRate.objects.get(valid_from=valid_from)
    assert tax.valid_to == valid_to
    assert tax.rate_percent == rate


@pytest.mark.parametrize(("what", "records"), DISPUTES, ids=[d[0] for d in DISPUTES])
def test_disputed_figures_are_seeded_disputed_with_a_note(what, records):
    found = list(records())
    assert found, what
    for record in found:
        assert record.status == Status.DISPUTED, record
        assert record.note.strip(), record


def test_only_the_known_disputes_are_marked_disputed():
    expected = {record for _, records in DISPUTES for record in records()}
    disputed = {
        record for model in DATA_MODELS for record in model.objects.filter(status=Status.DISPUTED)
    }
    assert disputed == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_seeded_datum_carries_its_source_and_verified_on_date(path):
    for item in json.loads(path.read_text(encoding="utf-8")):
        fields = item["fields"]
        assert fields.get("source"), item
        assert dt.date.fromisoformat(fields["verified_on"]) <= dt.date.today(), item
        assert fields["status"] in Status.values, item


@pytest.mark.parametrize("model", DATA_MODELS, ids=[m.__name__ for m in DATA_MODELS])
def test_seeded_data_passes_the_editors_validation(model):
    for record in model.objects.all():
        record.full_clean()
