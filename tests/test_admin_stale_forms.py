"""Two editors editing the same record: the later save no longer undoes the earlier (item 5).

Every change form carries the version it was loaded at; a form loaded before someone else's save
is refused, naming who changed the record and when, and asking for a reload.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kaiyaku.admin import PlanInline
from kaiyaku.models import Carrier, Fee, Option, Plan, PostageMethod, ReturnAddress, TaxRate

pytestmark = pytest.mark.usefixtures("seeded")

NOW = dt.datetime(2026, 11, 25, 16, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=9)))
RECORDS = {
    "carrier": lambda: Carrier.objects.get(code="iijmio"),
    "plan": lambda: Plan.objects.get(code="giga-2gb"),
    "fee": lambda: Fee.objects.get(carrier__code="iijmio", code="cancel"),
    "option": lambda: Option.objects.filter(carrier__code="iijmio").first(),
    "return-address": lambda: ReturnAddress.objects.first(),
    "postage": lambda: PostageMethod.objects.get(code="kani-kakitome", valid_to__isnull=True),
    "tax-rate": lambda: TaxRate.objects.get(valid_from=dt.date(2019, 10, 1)),
}


def change_url(obj):
    return reverse(f"admin:kaiyaku_{obj._meta.model_name}_change", args=[obj.pk])


def loaded_version(page, prefix=""):
    match = re.search(rf'name="{prefix}loaded_version" value="([^"]*)"', page)
    assert match, "the change form carries no loaded version"
    return match.group(1)


@pytest.fixture
def taro(editor, django_user_model):
    """A second editor, in a browser of his own."""
    call_command("addeditor", "taro", "--no-input", stdout=io.StringIO())
    other = Client()
    other.force_login(django_user_model.objects.get(username="taro"))
    return other


@pytest.mark.parametrize("get", RECORDS.values(), ids=RECORDS.keys())
def test_every_change_form_carries_the_version_it_was_loaded_at(editor_client, get):
    obj = get()

    page = editor_client.get(change_url(obj)).content.decode()

    assert loaded_version(page) == obj.updated_at.isoformat()


def test_a_form_loaded_before_another_editors_save_is_refused(
    editor_client, taro, form_data, time_machine
):
    fee = RECORDS["fee"]()
    stale = form_data(fee, amount="1500")  # hanako opens the page…
    time_machine.move_to(NOW, tick=False)
    saved = taro.post(change_url(fee), form_data(fee, amount="1200"))  # …taro saves first
    assert saved.status_code == 302

    response = editor_client.post(change_url(fee), stale)

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors == [
        "このページを開いた後に、taro が 2026-11-25 16:30:05 に"
        "「IIJmio 解約手数料」を変更しました。"
        "その変更を消さないよう、保存しませんでした。"
        "ページを再読み込みして最新の内容を確認してから、もう一度変更してください。"
    ]
    fee.refresh_from_db()
    assert fee.amount == 1200  # taro's change stands


def test_after_a_reload_the_same_change_is_saved(editor_client, taro, form_data):
    fee = RECORDS["fee"]()
    taro.post(change_url(fee), form_data(fee, amount="1200"))

    page = editor_client.get(change_url(fee)).content.decode()
    fee.refresh_from_db()
    data = form_data(fee, amount="1500", loaded_version=loaded_version(page))
    response = editor_client.post(change_url(fee), data)

    assert response.status_code == 302
    fee.refresh_from_db()
    assert fee.amount == 1500


def test_a_form_without_its_loaded_version_is_refused(editor_client, form_data):
    plan = RECORDS["plan"]()

    response = editor_client.post(change_url(plan), form_data(plan, loaded_version=""))

    assert response.status_code == 200
    assert "再読み込み" in response.context["adminform"].form.non_field_errors()[0]


def _carrier_page(form_data, carrier, plan_changes):
    plans = list(carrier.plans.order_by("pk"))
    data = form_data(carrier) | {
        "plans-TOTAL_FORMS": str(len(plans)),
        "plans-INITIAL_FORMS": str(len(plans)),
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "1000",
    }
    for i, plan in enumerate(plans):
        changes = plan_changes.get(plan.code, {})
        data |= form_data(plan, prefix=f"plans-{i}-", fields=PlanInline.fields, **changes)
        data |= {f"plans-{i}-id": str(plan.pk), f"plans-{i}-carrier": str(carrier.pk)}
    return data


def test_a_stale_plan_row_on_the_carrier_page_is_refused(editor_client, taro, form_data):
    carrier = RECORDS["carrier"]()
    stale = _carrier_page(form_data, carrier, {"giga-2gb": {"monthly_price": "900"}})
    plan = RECORDS["plan"]()
    taro.post(change_url(plan), form_data(plan, monthly_price="870"))

    response = editor_client.post(change_url(carrier), stale)

    assert response.status_code == 200
    assert "再読み込み" in response.content.decode()
    plan.refresh_from_db()
    assert plan.monthly_price == 870


def test_a_plan_row_whose_shown_fields_still_match_does_not_block_the_carrier_page(
    editor_client, taro, form_data
):
    carrier = RECORDS["carrier"]()
    page = _carrier_page(form_data, carrier, {})
    plan = RECORDS["plan"]()
    # A field the carrier page's plan rows do not show: saving that page cannot undo it.
    taro.post(change_url(plan), form_data(plan, price_note="キャンペーン中"))

    response = editor_client.post(change_url(carrier), page | {"support_busy": "昼休み"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.price_note == "キャンペーン中"
