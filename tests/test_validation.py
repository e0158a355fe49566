"""Rules every edit must keep, checked where editors meet them: the admin forms."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kaiyaku.models import (
    Carrier,
    Fee,
    Option,
    Plan,
    PostageMethod,
    ReturnAddress,
    TaxRate,
)
from tests.conftest import admin_change_url, iijmio_fee

pytestmark = pytest.mark.usefixtures("seeded")

JST = ZoneInfo("Asia/Tokyo")
NEGATIVE = "0以上の値を入力してください。"
OVERLAP = "重なっています"


def add_url(model):
    return reverse(f"admin:kaiyaku_{model._meta.model_name}_add")


def errors_of(response):
    """Every message the form shows, by field ("__all__" for the form as a whole)."""
    assert response.status_code == 200, "the form was accepted"
    form = response.context["adminform"].form
    return {field: list(messages) for field, messages in form.errors.items()}


@pytest.mark.parametrize(
    ("get", "field"),
    [
        (lambda: Plan.objects.get(code="giga-2gb"), "monthly_price"),
        (lambda: iijmio_fee("cancel"), "amount"),
        (lambda: Option.objects.get(code="tabuho"), "monthly_price"),
        (lambda: PostageMethod.objects.get(code="kani-kakitome", valid_from=None), "price"),
        (lambda: TaxRate.objects.get(valid_from=dt.date(2019, 10, 1)), "rate_percent"),
    ],
    ids=["plan", "fee", "option", "postage", "tax-rate"],
)
def test_it_refuses_negative_amounts(editor_client, form_data, get, field):
    obj = get()
    before = getattr(obj, field)

    response = editor_client.post(admin_change_url(obj), form_data(obj, **{field: "-1"}))

    assert NEGATIVE in errors_of(response)[field]
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_a_fee_period_must_not_end_before_it_starts(editor_client, form_data):
    mnp_fee = iijmio_fee("mnp_transfer", valid_from=dt.date(2021, 4, 1))

    response = editor_client.post(
        admin_change_url(mnp_fee), form_data(mnp_fee, valid_to=dt.date(2021, 3, 31))
    )

    assert errors_of(response)["valid_to"] == [
        "適用終了日は適用開始日と同じか、それより後にしてください。"
    ]


def test_a_period_of_a_single_day_is_allowed(editor_client, form_data):
    # A fee code of its own (a one-day campaign): no other period to leave without a figure.
    cancel = iijmio_fee("cancel")
    one_day = dt.date(2027, 1, 1)
    data = form_data(cancel, code="campaign", valid_from=one_day, valid_to=one_day)

    response = editor_client.post(add_url(Fee), data)

    assert response.status_code == 302
    assert iijmio_fee("campaign").valid_to == one_day


def test_two_periods_of_the_same_fee_must_not_overlap(editor_client, form_data):
    # R4.6: 3,000 until 2021-03-31, 0 from 2021-04-01; moving the start back makes both apply.
    free = iijmio_fee("mnp_transfer", valid_from=dt.date(2021, 4, 1))

    response = editor_client.post(
        admin_change_url(free), form_data(free, valid_from=dt.date(2021, 3, 1))
    )

    [message] = errors_of(response)["valid_from"]
    assert OVERLAP in message
    assert "〜2021-03-31" in message
    free.refresh_from_db()
    assert free.valid_from == dt.date(2021, 4, 1)


def test_a_new_period_for_a_fee_must_start_after_the_open_one_ends(editor_client, form_data):
    free = iijmio_fee("mnp_transfer", valid_from=dt.date(2021, 4, 1))
    data = form_data(free, valid_from=dt.date(2027, 1, 1), amount="1100")

    refused = editor_client.post(add_url(Fee), data)
    assert OVERLAP in errors_of(refused)["valid_from"][0]

    # Ending the open period first would leave 2027-01-01 onwards without a fee (issue 10):
    # 「新しい期間を追加」 ends it and opens the next in one save instead.
    ended = editor_client.post(
        admin_change_url(free), form_data(free, valid_to=dt.date(2026, 12, 31))
    )
    assert "決まらない期間ができます(2027-01-01〜" in errors_of(ended)["__all__"][0]
    accepted = editor_client.post(f"{add_url(Fee)}?new_period_of={free.pk}", data)
    assert accepted.status_code == 302
    assert Fee.objects.filter(code="mnp_transfer").count() == 3
    free.refresh_from_db()
    assert free.valid_to == dt.date(2026, 12, 31)


def test_different_fees_may_share_a_period(editor_client, form_data):
    cancel = iijmio_fee("cancel")

    # A new code from 2021-04-01, the day mnp_transfer's second period starts.
    response = editor_client.post(
        add_url(Fee), form_data(cancel, code="campaign", valid_from=dt.date(2021, 4, 1))
    )

    assert response.status_code == 302


def test_return_addresses_must_not_overlap(editor_client, form_data):
    current = ReturnAddress.objects.get(carrier__code="iijmio")

    response = editor_client.post(
        add_url(ReturnAddress),
        form_data(current, valid_from=dt.date(2027, 4, 1), postcode="100-0001"),
    )

    assert OVERLAP in errors_of(response)["valid_from"][0]


def test_tax_rates_must_not_overlap(editor_client, form_data):
    ten = TaxRate.objects.get(valid_from=dt.date(2019, 10, 1))

    response = editor_client.post(
        add_url(TaxRate),
        form_data(
            ten, valid_from=dt.date(2019, 1, 1), valid_to=dt.date(2019, 12, 31), rate_percent="9"
        ),
    )

    assert OVERLAP in errors_of(response)["valid_from"][0]


@time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=JST), tick=False)
def test_verified_on_may_not_be_in_the_future(editor_client, form_data):
    plan = Plan.objects.get(code="giga-10gb")

    tomorrow = editor_client.post(admin_change_url(plan), form_data(plan, verified_on="2026-11-26"))
    assert (
        "確認日に未来の日付は指定できません(今日以前にしてください)。"
        in (errors_of(tomorrow)["verified_on"])
    )

    today = editor_client.post(admin_change_url(plan), form_data(plan, verified_on="2026-11-25"))
    assert today.status_code == 302


@time_machine.travel(dt.datetime(2026, 11, 25, 20, 30, tzinfo=dt.UTC), tick=False)
def test_today_for_verified_on_is_the_date_in_japan(editor_client, form_data):
    # 20:30 UTC on the 25th is 05:30 on the 26th in Tokyo.
    plan = Plan.objects.get(code="giga-10gb")

    response = editor_client.post(admin_change_url(plan), form_data(plan, verified_on="2026-11-26"))

    assert response.status_code == 302


def test_a_disputed_figure_needs_a_note(editor_client, form_data):
    plan = Plan.objects.get(code="ahamo-20gb")

    response = editor_client.post(
        admin_change_url(plan), form_data(plan, status="disputed", note="")
    )

    assert errors_of(response)["note"] == [
        "要確認にするときは、食い違いの内容をメモに書いてください。"
    ]


def test_every_broken_rule_is_reported_at_once(editor_client, form_data):
    damage = iijmio_fee("sim_damage")

    response = editor_client.post(
        admin_change_url(damage),
        form_data(
            damage,
            amount="-2000",
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2025, 1, 1),
            note="",
        ),
    )

    assert set(errors_of(response)) >= {"amount", "valid_to", "note"}


def test_an_option_price_range_must_not_end_below_its_start(editor_client, form_data):
    calls = Option.objects.get(code="tsuwa-teigaku")

    response = editor_client.post(
        admin_change_url(calls), form_data(calls, monthly_price_max="400")
    )

    assert errors_of(response)["monthly_price_max"] == ["上限は月額料金以上にしてください。"]


def test_contract_dates_of_a_fee_must_be_in_order(editor_client, form_data):
    min_term = iijmio_fee("min_term_voice")

    response = editor_client.post(
        admin_change_url(min_term), form_data(min_term, contracted_from=dt.date(2020, 1, 1))
    )

    assert "contracted_to" in errors_of(response)


def test_a_fee_names_only_known_line_types(editor_client, form_data):
    min_term = iijmio_fee("min_term_voice")

    response = editor_client.post(
        admin_change_url(min_term), form_data(min_term, services="voice,fax")
    )

    assert errors_of(response)["services"] == [
        "回線種別は voice, sms, data から選んでください: fax"
    ]


def test_maintenance_needs_both_its_start_and_end(editor_client, form_data):
    iijmio = Carrier.objects.get(code="iijmio")
    data = form_data(iijmio, maintenance_until=None)
    data |= {"plans-TOTAL_FORMS": "0", "plans-INITIAL_FORMS": "0"}

    response = editor_client.post(admin_change_url(iijmio), data)

    assert "maintenance_until" in errors_of(response)


def test_only_one_postage_method_is_recommended(editor_client, form_data):
    # Its period (until 2024-09-30) overlaps the recommended 簡易書留's.
    registered = PostageMethod.objects.get(code="tokutei-kiroku", valid_from=None)

    response = editor_client.post(
        admin_change_url(registered), form_data(registered, recommended=True)
    )

    assert "おすすめにできる送り方は1つだけです。" in str(errors_of(response))
    assert set(PostageMethod.objects.filter(recommended=True).values_list("code", flat=True)) == {
        "kani-kakitome"
    }


def test_a_valid_edit_is_saved(editor_client, form_data):
    postage = PostageMethod.objects.get(code="teikei", valid_from=None)

    response = editor_client.post(admin_change_url(postage), form_data(postage, price="85"))

    assert response.status_code == 302
    postage.refresh_from_db()
    assert postage.price == Decimal("85")


def test_plans_edited_inline_under_their_carrier_are_checked_too(editor_client, form_data):
    iijmio = Carrier.objects.get(code="iijmio")
    plan = Plan.objects.get(carrier=iijmio, code="giga-2gb")
    data = form_data(iijmio) | {
        "plans-TOTAL_FORMS": "1",
        "plans-INITIAL_FORMS": "1",
        "plans-0-id": str(plan.pk),
        "plans-0-carrier": str(iijmio.pk),
    }
    data |= form_data(
        plan,
        prefix="plans-0-",
        fields=["code", "name", "kind", "data_gb", "tax_class", "is_current", "status", "note"],
        monthly_price="-850",
        verified_on="2999-01-01",
    )

    response = editor_client.post(admin_change_url(iijmio), data)

    assert response.status_code == 200
    [plan_errors] = response.context["inline_admin_formsets"][0].formset.errors
    assert NEGATIVE in plan_errors["monthly_price"]
    assert "verified_on" in plan_errors
    plan.refresh_from_db()
    assert plan.monthly_price == Decimal("850")
