"""The editors' room, as an editor uses it (issue 10): the desk, the 確認日 filter, codes fixed
once saved, records people's links use kept, a trash, undo recorded as undo, and Japanese
throughout with amounts in yen.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from kaiyaku.models import (
    DATA_MODELS,
    Carrier,
    Fee,
    Inquiry,
    Option,
    Plan,
    PostageMethod,
    Status,
)
from kaiyaku.planner.calendar import JST
from tests.conftest import admin_change_url, iijmio_fee, page_text
from tests.test_admin import carrier_form

pytestmark = pytest.mark.usefixtures("seeded")

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=JST)
INDEX = reverse("admin:index")
MODEL_NAMES = [model._meta.model_name for model in DATA_MODELS]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def changelist(model):
    return reverse(f"admin:kaiyaku_{model._meta.model_name}_changelist")


def listed(response):
    """The records an admin list shows, across all its pages."""
    return set(response.context["cl"].queryset)


def section(page, key):
    found = re.search(rf'<section[^>]*id="desk-{key}".*?</section>', page, re.S)
    assert found, f"the desk has no section {key!r}"
    return found.group(0)


def seeded_yesterday(obj):
    """The seed's record of `obj` dated the day before, so the editor's changes come after it."""
    obj.history.update(history_date=NOW - dt.timedelta(days=1))


def latest(obj):
    return obj.history.order_by("-history_id").first()


def fresh(model):
    """Every record of `model` checked yesterday and confirmed, so one change stands out."""
    model.objects.update(verified_on=TODAY - dt.timedelta(days=1), status=Status.CONFIRMED)


# -- 1. The desk ------------------------------------------------------------------------------


def test_the_desk_lists_stale_figures_each_linked_with_a_filtered_list(editor_client):
    for model in DATA_MODELS:
        fresh(model)
    old_fee = iijmio_fee("cancel")
    old_fee.verified_on = TODAY - dt.timedelta(days=180)  # checked 180 days ago: stale
    old_fee.save()
    border = iijmio_fee("share_sim")
    border.verified_on = TODAY - dt.timedelta(days=179)
    border.save()

    stale = section(editor_client.get(INDEX).content.decode(), "stale")

    assert f'href="{admin_change_url(old_fee)}"' in stale
    assert f'href="{admin_change_url(border)}"' not in stale
    assert "(1件)" in stale
    assert f'href="{changelist(Fee)}?verified=stale"' in stale
    assert listed(editor_client.get(changelist(Fee), {"verified": "stale"})) == {old_fee}


def test_the_desk_lists_every_figure_not_confirmed(editor_client):
    damage = iijmio_fee("sim_damage")  # disputed in the seed (R6.3)

    unconfirmed = section(editor_client.get(INDEX).content.decode(), "unconfirmed")

    total = sum(m.objects.exclude(status=Status.CONFIRMED).count() for m in DATA_MODELS)
    assert f"({total}件)" in unconfirmed
    assert f'href="{changelist(Fee)}?status=open"' in unconfirmed
    fees = listed(editor_client.get(changelist(Fee), {"status": "open"}))
    assert damage in fees
    assert all(fee.status != Status.CONFIRMED for fee in fees)


def test_the_desk_lists_changes_taking_effect_within_60_days(editor_client, form_data):
    current = PostageMethod.objects.get(code="kani-kakitome", valid_to__isnull=True)
    current.valid_to = TODAY + dt.timedelta(days=29)
    current.save()
    soon = PostageMethod.objects.create(
        code="kani-kakitome",
        name="簡易書留",
        price=Decimal("480"),
        recommended=True,
        valid_from=TODAY + dt.timedelta(days=30),
        valid_to=TODAY + dt.timedelta(days=99),
        verified_on=TODAY,
    )
    later = PostageMethod.objects.create(
        code="kani-kakitome",
        name="簡易書留",
        price=Decimal("500"),
        recommended=True,
        valid_from=TODAY + dt.timedelta(days=100),
        verified_on=TODAY,
    )

    upcoming = section(editor_client.get(INDEX).content.decode(), "upcoming")

    assert f'href="{admin_change_url(soon)}"' in upcoming
    assert "2026-12-25 から" in upcoming
    assert f'href="{admin_change_url(later)}"' not in upcoming
    url = f"{changelist(PostageMethod)}?period=soon"
    assert f'href="{url}"' in upcoming
    assert listed(editor_client.get(url)) == {soon}


def test_the_desk_lists_new_requests_and_reports_from_readers(editor_client):
    waiting = Inquiry.objects.create(kind=Inquiry.Kind.FIGURE, figure="解約手数料 1,100円")
    handled = Inquiry.objects.create(
        kind=Inquiry.Kind.GUIDE, service="povo", status=Inquiry.State.DONE
    )

    inquiries = section(editor_client.get(INDEX).content.decode(), "inquiries")

    assert f'href="{admin_change_url(waiting)}"' in inquiries
    assert f'href="{admin_change_url(handled)}"' not in inquiries
    assert "?status__exact=new" in inquiries


@override_settings(KAIYAKU_REQUIRE_2FA=True)
def test_with_a_second_factor_required_the_desk_needs_it(
    client, editor, monkeypatch, authenticator_app, time_machine
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    password = "a-long-unusual-phrase"
    monkeypatch.setattr("getpass.getpass", lambda prompt: password)
    call_command("addeditor", editor.username, stdout=io.StringIO(), stderr=io.StringIO())
    time_machine.move_to(NOW + dt.timedelta(minutes=1), tick=False)  # a code works once
    client.force_login(editor)
    refused = client.get(INDEX)
    code = authenticator_app(TOTPDevice.objects.get(user=editor, confirmed=True))

    client.logout()
    client.post(
        reverse("admin:login"),
        {"username": editor.username, "password": password, "otp_token": code, "next": INDEX},
    )
    desk = client.get(INDEX)

    assert refused.status_code == 302
    assert desk.status_code == 200
    assert 'id="desk-stale"' in desk.content.decode()


def test_a_section_added_to_the_desk_appears_on_the_index(editor_client, monkeypatch):
    from kaiyaku import desk

    def drafts(board):
        return desk.Section("drafts", "下書き", "公開前のもの。", [], [], 0)

    monkeypatch.setattr(desk, "SECTIONS", [*desk.SECTIONS, drafts])

    page = editor_client.get(INDEX).content.decode()

    assert "いまはありません。" in section(page, "drafts")


# -- 2. One 確認日 filter on every list, status and check date up front ------------------------


@pytest.mark.parametrize("model", DATA_MODELS, ids=MODEL_NAMES)
def test_every_list_filters_on_verified_180_days_ago_or_more(editor_client, model):
    fresh(model)
    old = model.objects.first()
    old.verified_on = TODAY - dt.timedelta(days=200)
    old.save()

    page = editor_client.get(changelist(model))
    stale = editor_client.get(changelist(model), {"verified": "stale"})

    assert "180日以上前" in page.content.decode()
    assert listed(stale) == {old}
    assert old not in listed(editor_client.get(changelist(model), {"verified": "recent"}))


@pytest.mark.parametrize("model", DATA_MODELS, ids=MODEL_NAMES)
def test_every_list_shows_status_and_check_date_right_after_the_name(editor_client, model):
    columns = editor_client.get(changelist(model)).context["cl"].list_display

    assert list(columns[2:4]) == ["status_marked", "verified_on"]  # after the checkbox and the name


# -- 3. Codes fixed, records people's links use kept, a trash, undo ---------------------------


@pytest.mark.parametrize(
    "get",
    [
        lambda: Carrier.objects.get(code="ahamo"),
        lambda: Plan.objects.get(code="giga-5gb"),
        lambda: Option.objects.get(code="tabuho"),
        lambda: PostageMethod.objects.get(code="takuhai"),
        lambda: iijmio_fee("cancel"),
    ],
    ids=["carrier", "plan", "option", "postage", "fee"],
)
def test_a_code_cannot_be_changed_after_the_first_save(editor_client, form_data, get):
    obj = get()
    code = obj.code
    data = form_data(obj, code="renamed")
    if isinstance(obj, Carrier):
        data |= carrier_form(form_data, obj) | {"code": "renamed"}

    page = editor_client.get(admin_change_url(obj)).content.decode()
    response = editor_client.post(admin_change_url(obj), data)

    assert 'name="code"' not in page
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.code == code


def test_a_new_record_takes_its_code(editor_client):
    page = editor_client.get(reverse("admin:kaiyaku_postagemethod_add")).content.decode()

    assert 'name="code"' in page


def test_plan_codes_under_their_carrier_are_fixed_too(editor_client):
    page = editor_client.get(admin_change_url(Carrier.objects.get(code="iijmio")))

    plans = page.context["inline_admin_formsets"][0].formset
    assert all(form.fields["code"].disabled for form in plans.forms)


@pytest.mark.parametrize(
    ("get", "link"),
    [
        (lambda: Carrier.objects.get(code="ahamo"), "dest=ahamo"),
        (lambda: Plan.objects.get(code="giga-5gb"), "plan=giga-5gb"),
        (lambda: Plan.objects.get(code="hikari-family"), "hikari=family"),
        (lambda: Option.objects.get(code="tabuho"), "options=tabuho"),
        (
            lambda: PostageMethod.objects.get(code="kani-kakitome", valid_to__isnull=True),
            "SIMカードを返す人の送料",
        ),
    ],
    ids=["carrier", "plan", "fibre", "option", "postage"],
)
def test_a_record_that_links_use_cannot_be_deleted(editor_client, get, link):
    obj = get()
    delete_url = reverse(f"admin:kaiyaku_{obj._meta.model_name}_delete", args=[obj.pk])

    refused = editor_client.post(delete_url, {"post": "yes"}, follow=True)

    text = page_text(refused.content.decode())
    assert "削除できません" in text
    assert link in text
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_delete_action_explains_which_records_must_stay(editor_client):
    tabuho = Option.objects.get(code="tabuho")
    daiyoryo = Option.objects.get(code="daiyoryo")  # ends with the line: in no link
    data = {"action": "delete_selected", "_selected_action": [tabuho.pk, daiyoryo.pk]}

    page = editor_client.post(changelist(Option), data).content.decode()
    editor_client.post(changelist(Option), {**data, "post": "yes"})

    assert "options=tabuho" in page_text(page)
    assert Option.objects.filter(pk__in=[tabuho.pk, daiyoryo.pk]).count() == 2


def test_a_deleted_record_goes_to_the_trash_and_comes_back(editor_client):
    takuhai = PostageMethod.objects.get(code="takuhai")
    trash = reverse("admin:kaiyaku_postagemethod_trash")

    deleted = editor_client.post(
        reverse("admin:kaiyaku_postagemethod_delete", args=[takuhai.pk]), {"post": "yes"}
    )
    in_trash = editor_client.get(trash).content.decode()
    deleted_history = editor_client.get(history_url(takuhai))
    restore = re.search(r'action="([^"]+/restore/)"', in_trash).group(1)
    restored = editor_client.post(restore)

    assert deleted.status_code == 302
    assert str(takuhai) in page_text(in_trash)
    assert f'href="{history_url(takuhai)}"' in in_trash
    assert deleted_history.status_code == 200  # what was deleted, and by whom
    assert "削除" in page_text(deleted_history.content.decode())
    assert restored.status_code == 302
    back = PostageMethod.objects.get(pk=takuhai.pk)
    assert (back.code, back.price, back.name) == (takuhai.code, takuhai.price, takuhai.name)
    assert latest(back).history_change_reason == "ゴミ箱から復元"
    assert "ゴミ箱は空です" in editor_client.get(trash).content.decode()
    assert 'href="' + trash + '"' in editor_client.get(changelist(PostageMethod)).content.decode()


def test_a_record_that_clashes_with_todays_data_stays_in_the_trash(editor_client):
    # A fee no result needs (a result's own fees cannot be deleted: issue 10, 未登録).
    share = iijmio_fee("recontract_admin")
    editor_client.post(reverse("admin:kaiyaku_fee_delete", args=[share.pk]), {"post": "yes"})
    Fee.objects.create(
        carrier=share.carrier,
        code="recontract_admin",
        name="再契約の事務手数料",
        amount=Decimal("3300"),
        tax_class=share.tax_class,
        verified_on=TODAY,
    )
    trash = editor_client.get(reverse("admin:kaiyaku_fee_trash")).content.decode()
    restore = re.search(r'action="([^"]+/restore/)"', trash).group(1)

    refused = editor_client.post(restore, follow=True)

    assert "戻せませんでした" in page_text(refused.content.decode())
    assert not Fee.objects.filter(pk=share.pk).exists()


def test_reverting_to_an_earlier_version_is_recorded_as_an_undo(editor_client, form_data):
    fee = iijmio_fee("recontract_admin")
    seeded_yesterday(fee)
    before = latest(fee)
    editor_client.post(admin_change_url(fee), form_data(fee, amount="3410"))
    fee.refresh_from_db()
    revert_url = reverse("admin:kaiyaku_fee_simple_history", args=[fee.pk, before.pk])

    page = editor_client.get(revert_url).content.decode()
    version = re.search(r'name="loaded_version" value="([^"]*)"', page).group(1)
    data = form_data(before.instance, fields=None)
    data["loaded_version"] = version
    data.pop("code", None)
    data.pop("carrier", None)
    response = editor_client.post(revert_url, data)

    assert response.status_code == 302
    fee.refresh_from_db()
    assert fee.amount == Decimal("3300")
    reason = latest(fee).history_change_reason
    assert reason.startswith("取り消し:")
    assert "金額" in reason
    entry = LogEntry.objects.filter(object_id=str(fee.pk)).order_by("-pk").first()
    assert "取り消し" in entry.get_change_message()
    assert "取り消し" in editor_client.get(history_url(fee)).content.decode()


# -- 4. Japanese, yen, errors by their field, 404s --------------------------------------------


def history_url(obj):
    return reverse(f"admin:kaiyaku_{obj._meta.model_name}_history", args=[obj.pk])


ENGLISH = [
    "Carrier",
    "Select an option",
    "Revert",
    "Choose a date",
    "Historical",
    "Loaded version",
    "Change history",
    "View history",
    "Press the",
]


def pages_an_editor_reaches():
    yield INDEX
    for model in DATA_MODELS:
        name = model._meta.model_name
        obj = model.objects.first()
        yield reverse(f"admin:kaiyaku_{name}_changelist")
        yield reverse(f"admin:kaiyaku_{name}_add")
        yield reverse(f"admin:kaiyaku_{name}_change", args=[obj.pk])
        yield reverse(f"admin:kaiyaku_{name}_history", args=[obj.pk])
        version = obj.history.first()
        yield reverse(f"admin:kaiyaku_{name}_simple_history", args=[obj.pk, version.pk])
        yield reverse(f"admin:kaiyaku_{name}_trash")
    yield reverse("admin:kaiyaku_fee_delete", args=[iijmio_fee("recontract_admin").pk])
    yield reverse("admin:kaiyaku_inquiry_changelist")


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return page_text(html.replace("<main", "<div").replace("</main>", "</div>"))


def test_no_admin_page_an_editor_reaches_shows_english(editor_client):
    for url in pages_an_editor_reaches():
        response = editor_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for words in ENGLISH:
            assert words not in text, f"{url} shows {words!r}"


def test_labels_and_empty_choices_are_in_japanese(editor_client):
    page = editor_client.get(reverse("admin:kaiyaku_plan_add")).content.decode()

    assert re.search(r'<label[^>]*for="id_carrier"[^>]*>通信会社:</label>', page)
    assert "- 選んでください -" in page


def test_lists_and_histories_show_amounts_in_yen(editor_client, form_data):
    fee = iijmio_fee("recontract_admin")
    seeded_yesterday(fee)
    editor_client.post(admin_change_url(fee), form_data(fee, amount="3410"))

    fees = page_text(editor_client.get(changelist(Fee)).content.decode())
    plans = page_text(editor_client.get(changelist(Plan)).content.decode())
    history = page_text(editor_client.get(history_url(fee)).content.decode())

    assert "3,410円" in fees
    assert "3410.0" not in fees
    assert re.search(r"\d,\d{3}円", plans)
    assert "金額: 3,300円 → 3,410円" in history


def test_someone_who_may_only_look_sees_amounts_in_yen(client, django_user_model):
    viewer = django_user_model.objects.create_user("miru", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_fee"))
    client.force_login(viewer)

    page = page_text(client.get(admin_change_url(iijmio_fee("recontract_admin"))).content.decode())

    assert "3,300円" in page
    assert "3300.0" not in page


def test_an_overlap_is_reported_on_the_date_and_links_the_other_period(editor_client, form_data):
    free = iijmio_fee("mnp_transfer", valid_from=dt.date(2021, 4, 1))
    paid = iijmio_fee("mnp_transfer", valid_from=None)

    response = editor_client.post(
        admin_change_url(free), form_data(free, valid_from=dt.date(2021, 3, 1))
    )

    [message] = response.context["adminform"].form.errors["valid_from"]
    assert f'<a href="{admin_change_url(paid)}">指定なし〜2021-03-31</a>' in message
    assert "__all__" not in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "path",
    [
        "/admin/kaiyaku/fee/abc/history/",
        "/admin/kaiyaku/fee/999999/history/",
        "/admin/kaiyaku/fee/abc/history/1/",
        "/admin/kaiyaku/fee/1/history/abc/",
        "/admin/kaiyaku/fee/999999/history/1/",
    ],
)
def test_the_history_of_a_record_that_does_not_exist_is_not_found(editor_client, path):
    assert editor_client.get(path).status_code == 404


def test_the_japanese_catalogue_is_compiled_from_its_source():
    """locale/ja/LC_MESSAGES/django.mo is committed: each entry of the .po must be in it."""
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation

    po = (Path(settings.BASE_DIR) / "locale/ja/LC_MESSAGES/django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"\n((?:".*"\n)*)', po, re.M)
    assert len(pairs) > 10
    with translation.override("ja"):
        for msgid, first, rest in pairs:
            expected = first + "".join(re.findall(r'"(.*)"', rest))
            assert translation.gettext(msgid) == expected, msgid
