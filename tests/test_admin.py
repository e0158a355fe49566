"""The editors' room: who may change the data, what the lists show, and the change history."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from kaiyaku.admin import PlanInline
from kaiyaku.models import Carrier, Plan
from tests.conftest import admin_change_url, iijmio_fee

pytestmark = pytest.mark.usefixtures("seeded")


def history_url(obj):
    return reverse(f"admin:kaiyaku_{obj._meta.model_name}_history", args=[obj.pk])


def carrier_form(form_data, carrier, **plan_changes):
    """The carrier page as posted: the carrier's own fields and its plans inline."""
    plans = list(carrier.plans.order_by("pk"))
    data = form_data(carrier)
    data |= {
        "plans-TOTAL_FORMS": str(len(plans)),
        "plans-INITIAL_FORMS": str(len(plans)),
        "plans-MIN_NUM_FORMS": "0",
        "plans-MAX_NUM_FORMS": "1000",
    }
    inline_fields = PlanInline.fields  # what the editor's inline form posts
    for i, plan in enumerate(plans):
        changes = plan_changes.get(plan.code, {})
        data |= form_data(plan, prefix=f"plans-{i}-", fields=inline_fields, **changes)
        data |= {f"plans-{i}-id": str(plan.pk), f"plans-{i}-carrier": str(carrier.pk)}
    return data


def test_the_fee_list_shows_amount_tax_class_period_status_and_verified_on(editor_client):
    page = editor_client.get(reverse("admin:kaiyaku_fee_changelist")).content.decode()

    for heading in ["金額", "税区分", "適用期間", "確認状況", "確認日"]:
        assert heading in page
    assert "MNP転出手数料" in page
    assert "〜2021-03-31" in page  # R4.6, the fee until the 2021 change
    assert "2021-04-01〜" in page
    assert "課税・税抜表示" in page
    assert "不課税" in page
    assert "⚠ 要確認" in page  # disputed figures stand out (R6.3, R5.1, R8.1)


def test_the_plan_list_can_be_searched_and_filtered(editor_client):
    url = reverse("admin:kaiyaku_plan_changelist")

    found = editor_client.get(url, {"q": "ギガプラン"}).content.decode()
    assert "ギガプラン 20GB" in found
    assert "ahamo 20GB" not in found

    fibre = editor_client.get(url, {"kind__exact": "fibre"}).content.decode()
    assert "IIJmioひかり マンションタイプ" in fibre
    assert "ギガプラン 2GB" not in fibre


def test_every_kind_of_data_has_a_list_an_editor_can_open(editor_client):
    for model in ["carrier", "plan", "fee", "option", "returnaddress", "postagemethod", "taxrate"]:
        response = editor_client.get(reverse(f"admin:kaiyaku_{model}_changelist"))
        assert response.status_code == 200, model


def test_an_editor_changes_a_fee_and_its_history_shows_old_new_and_who(editor_client, form_data):
    admin_fee = iijmio_fee("recontract_admin")

    response = editor_client.post(admin_change_url(admin_fee), form_data(admin_fee, amount="3410"))

    assert response.status_code == 302
    admin_fee.refresh_from_db()
    assert admin_fee.amount == Decimal("3410")
    history = editor_client.get(history_url(admin_fee)).content.decode()
    assert "金額:</strong> 3,300円 → 3,410円" in history
    assert "hanako" in history
    assert "更新日時" not in history  # the automatic edit time is noise, not a change


def test_history_shows_choices_by_their_labels(editor_client, form_data):
    damage = iijmio_fee("sim_damage")

    editor_client.post(
        admin_change_url(damage), form_data(damage, status="confirmed", note="IIJmioに確認した。")
    )

    history = editor_client.get(history_url(damage)).content.decode()
    assert "要確認(情報源で食い違い) → 確認済み" in history


def test_seeded_records_show_where_they_came_from_in_their_history(editor_client):
    history = editor_client.get(history_url(iijmio_fee("cancel"))).content.decode()

    assert "追加" in history
    assert "seeded" in history
    assert "(システム)" in history


def test_an_editor_edits_plans_inline_under_their_carrier(editor_client, form_data):
    iijmio = Carrier.objects.get(code="iijmio")
    assert "plans-0-monthly_price" in editor_client.get(admin_change_url(iijmio)).content.decode()

    data = carrier_form(form_data, iijmio, **{"giga-5gb": {"monthly_price": "1100"}})
    response = editor_client.post(admin_change_url(iijmio), data)

    assert response.status_code == 302, response.context["errors"]
    plan = Plan.objects.get(carrier=iijmio, code="giga-5gb")
    assert plan.monthly_price == Decimal("1100")
    assert plan.history.first().history_user.username == "hanako"


def test_a_staff_member_outside_the_editors_group_cannot_change_a_fee(
    client, django_user_model, form_data
):
    outsider = django_user_model.objects.create_user("taro", is_staff=True)
    client.force_login(outsider)
    mnp_fee = iijmio_fee("mnp_transfer", valid_from=None)

    assert client.get(admin_change_url(mnp_fee)).status_code == 403
    response = client.post(admin_change_url(mnp_fee), form_data(mnp_fee, amount="0"))

    assert response.status_code == 403
    mnp_fee.refresh_from_db()
    assert mnp_fee.amount == Decimal("3000")


def test_someone_not_signed_in_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:kaiyaku_fee_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_editors_cannot_manage_accounts(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_editors_group_holds_only_permissions_on_the_guides_data(editor):
    permissions = Permission.objects.filter(group__name="Editors")

    assert {p.content_type.app_label for p in permissions} == {"kaiyaku"}
    assert {p.content_type.model for p in permissions} == {
        "carrier",
        "plan",
        "fee",
        "option",
        "returnaddress",
        "postagemethod",
        "taxrate",
        "fact",
        "inquiry",
    }


def test_addeditor_creates_a_staff_editor_without_any_password(django_user_model):
    out = io.StringIO()

    call_command("addeditor", "jiro", "--no-input", stdout=out)

    jiro = django_user_model.objects.get(username="jiro")
    assert jiro.is_staff
    assert not jiro.is_superuser
    assert not jiro.has_usable_password()
    assert list(jiro.groups.all()) == [Group.objects.get(name="Editors")]
    assert "manage.py changepassword jiro" in out.getvalue()


def test_addeditor_asks_again_until_the_password_is_acceptable(
    django_user_model, monkeypatch, authenticator_app
):
    answers = iter(["password", "password", "a-long-unusual-phrase", "a-long-unusual-phrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    err = io.StringIO()

    call_command("addeditor", "saburo", stdout=io.StringIO(), stderr=err)

    saburo = django_user_model.objects.get(username="saburo")
    assert saburo.check_password("a-long-unusual-phrase")
    assert err.getvalue()  # the validators said why "password" was refused


def test_addeditor_makes_an_existing_account_an_editor(django_user_model):
    django_user_model.objects.create_user("shiro", password="a-long-unusual-phrase")

    call_command("addeditor", "shiro", "--no-input", stdout=io.StringIO())

    shiro = django_user_model.objects.get(username="shiro")
    assert shiro.is_staff
    assert shiro.groups.filter(name="Editors").exists()
    assert shiro.check_password("a-long-unusual-phrase")


def test_addeditor_without_a_terminal_changes_nothing(django_user_model, monkeypatch):
    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)

    with pytest.raises(CommandError, match="--no-input"):
        call_command("addeditor", "goro", stdout=io.StringIO())

    assert not django_user_model.objects.filter(username="goro").exists()
