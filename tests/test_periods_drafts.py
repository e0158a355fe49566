"""The editors' room, issue 10: every price has periods, a new one is added in one save, drafts
stay out of public view until published, editors preview any page as of a date, and a figure
missing for a date is shown as 未登録 rather than dropped."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from kaiyaku import integrity
from kaiyaku.models import DataVersion, Fact, Fee, Option, Plan, PostageMethod, ReturnAddress
from kaiyaku.snapshot.store import get_snapshot, snapshot_at
from tests.answer_sets import PORT_OUT
from tests.conftest import admin_change_url, iijmio_fee, page_text

pytestmark = pytest.mark.usefixtures("seeded", "wizard_today")  # today: 2026-10-20 in Japan

TODAY = "2026-10-20"
NEXT_MONTH = dt.date(2026, 11, 1)
# A voice line with giga-5gb (990 a month) cancelled in November: billed for November (R3.2).
NOVEMBER = {
    "goal": "cancel",
    "service": "voice",
    "sim": "physical",
    "date": "2026-11-10",
    "plan": "giga-5gb",
}


def clear_cache():
    """Data changed with update() sends no signal, so the data version stays: drop what is kept."""
    cache.clear()
    snapshot_at.cache_clear()


def add_url(model, current=None):
    url = reverse(f"admin:kaiyaku_{model._meta.model_name}_add")
    return f"{url}?new_period_of={current.pk}" if current else url


def errors_of(response):
    assert response.status_code == 200, "the form was accepted"
    return {f: list(m) for f, m in response.context["adminform"].form.errors.items()}


def giga_5gb():
    return Plan.objects.get(carrier__code="iijmio", code="giga-5gb")


def schedule(editor_client, form_data, current, start, **changes):
    """「新しい期間を追加」 from `current`'s page: its values, a start date, one save."""
    page = editor_client.get(add_url(type(current), current))
    data = form_data(current, valid_from=start, verified_on=TODAY, **changes)
    data["loaded_version"] = page.context["adminform"].form["loaded_version"].value()
    return editor_client.post(add_url(type(current), current), data)


def result(client, answers, **params):
    response = client.get("/result/", {**answers, **params}, follow=True)
    response.html = response.content.decode()
    return response


def plan_amount(html):
    row = re.search(r'<tr id="item-plan">.*?</tr>', html, re.S).group(0)
    return page_text(row.split('<td class="num">')[1])


# -- 1. every price has a period ---------------------------------------------------------------


def test_options_keep_their_price_as_an_open_period_after_the_migration():
    assert Option.objects.count() == 12
    assert not Option.objects.exclude(valid_from=None, valid_to=None, draft=False).exists()


def test_an_option_price_change_applies_from_its_day(editor_client, form_data):
    # R8.3: an option outliving the line is billed at the price in force on the day.
    tabuho = Option.objects.get(code="tabuho")

    response = schedule(editor_client, form_data, tabuho, "2026-11-01", monthly_price="660")

    assert response.status_code == 302
    snapshot = get_snapshot()
    assert snapshot.option("tabuho", dt.date(2026, 10, 31)).monthly_price == Decimal("550.0")
    assert snapshot.option("tabuho", NEXT_MONTH).monthly_price == Decimal("660.0")
    assert snapshot.option("tabuho").monthly_price == Decimal("660.0")  # the latest, for choices
    assert [o.code for o in snapshot.continuing_options].count("tabuho") == 1


# -- 2. 新しい期間を追加 -----------------------------------------------------------------------


def test_the_change_page_offers_a_new_period(editor_client):
    page = editor_client.get(admin_change_url(giga_5gb())).content.decode()

    assert "新しい期間を追加" in page
    assert f"?new_period_of={giga_5gb().pk}" in page


def test_the_new_period_form_is_prefilled_from_the_current_values(editor_client):
    plan = giga_5gb()

    page = editor_client.get(add_url(Plan, plan))

    form = page.context["adminform"].form
    assert form["code"].value() == "giga-5gb"
    assert form["monthly_price"].value() == plan.monthly_price
    assert form["valid_from"].value() is None
    assert "いまの期間は 指定なし〜指定なし です" in page.content.decode()


def test_one_save_ends_the_current_period_the_day_before_and_opens_the_next(
    editor_client, form_data
):
    plan = giga_5gb()

    response = schedule(editor_client, form_data, plan, "2026-11-01", monthly_price="1100")

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.valid_to == dt.date(2026, 10, 31)
    new = Plan.objects.get(code="giga-5gb", valid_from=NEXT_MONTH)
    assert (new.monthly_price, new.valid_to, new.draft) == (Decimal("1100.0"), None, False)
    # Never a gap, never an overlap: one price on each day around the change (U2).
    snapshot = get_snapshot()
    assert snapshot.plan("giga-5gb", dt.date(2026, 10, 31)).monthly_price == Decimal("990.0")
    assert snapshot.plan("giga-5gb", NEXT_MONTH).monthly_price == Decimal("1100.0")
    assert integrity.missing_figures(snapshot) == []


def test_a_future_start_is_a_scheduled_change_today_results_keep_the_old_price(
    client, editor_client, form_data
):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100")
    client.logout()

    october = result(client, {**NOVEMBER, "date": "2026-10-20"})
    november = result(client, NOVEMBER)

    assert "990円" in plan_amount(october.html)
    assert "1,100円" in plan_amount(november.html)


def test_the_start_must_fall_inside_the_current_period(editor_client, form_data):
    free = iijmio_fee("mnp_transfer", valid_from=dt.date(2021, 4, 1))

    response = schedule(editor_client, form_data, free, "2021-04-01", amount="100")

    assert "の2日目からその終わりまでの日にしてください" in errors_of(response)["valid_from"][0]
    assert Fee.objects.filter(code="mnp_transfer").count() == 2


def test_a_new_period_from_a_page_loaded_before_someone_changed_the_record_is_refused(
    editor_client, form_data
):
    plan = giga_5gb()
    page = editor_client.get(add_url(Plan, plan))
    loaded = page.context["adminform"].form["loaded_version"].value()
    # Someone else corrects the price meanwhile (issue 12's stale save).
    editor_client.post(
        admin_change_url(plan), form_data(plan, monthly_price="980", verified_on=TODAY)
    )

    data = form_data(
        plan,
        valid_from="2026-11-01",
        monthly_price="1100",
        verified_on=TODAY,
        loaded_version=loaded,
    )
    response = editor_client.post(add_url(Plan, plan), data)

    assert "保存しませんでした" in errors_of(response)["__all__"][0]
    assert not Plan.objects.filter(valid_from=NEXT_MONTH).exists()
    plan.refresh_from_db()
    assert plan.valid_to is None


# -- 3. drafts ---------------------------------------------------------------------------------


def test_a_draft_new_period_is_not_public_until_published(client, editor_client, form_data):
    plan = giga_5gb()

    response = schedule(
        editor_client, form_data, plan, "2026-11-01", monthly_price="1100", draft=True
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.valid_to is None  # the current period stays whole until the draft is published
    assert get_snapshot().plan("giga-5gb", NEXT_MONTH).monthly_price == Decimal("990.0")
    client.logout()
    assert "990円" in plan_amount(result(client, NOVEMBER).html)


def test_publishing_a_draft_is_one_action_with_a_reason_in_the_history(editor_client, form_data):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100", draft=True)
    draft = Plan.objects.get(code="giga-5gb", draft=True)
    version = DataVersion.objects.get(pk=1).number
    changelist = reverse("admin:kaiyaku_plan_changelist")
    chosen = {"action": "publish_drafts", "_selected_action": [draft.pk]}

    asked = editor_client.post(changelist, chosen)
    assert "公開の理由" in asked.content.decode()
    assert Plan.objects.get(pk=draft.pk).draft  # nothing published without a reason

    done = editor_client.post(
        changelist, {**chosen, "publish": "1", "reason": "12月の料金改定"}, follow=True
    )

    assert "1件の下書きを公開しました" in done.content.decode()
    draft.refresh_from_db()
    assert not draft.draft
    assert draft.history.first().history_change_reason == "公開: 12月の料金改定"
    assert draft.history.first().history_user.username == "hanako"
    assert Plan.objects.get(code="giga-5gb", valid_from=None).valid_to == dt.date(2026, 10, 31)
    assert DataVersion.objects.get(pk=1).number > version
    assert get_snapshot().plan("giga-5gb", NEXT_MONTH).monthly_price == Decimal("1100.0")


def test_a_draft_is_published_from_its_own_page(editor_client, form_data):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100", draft=True)
    draft = Plan.objects.get(code="giga-5gb", draft=True)
    page = editor_client.get(admin_change_url(draft)).content.decode()
    publish = reverse("admin:kaiyaku_plan_publish", args=[draft.pk])
    assert publish in page

    editor_client.post(publish, {"reason": "料金改定"})

    draft.refresh_from_db()
    assert not draft.draft
    assert draft.history.first().history_change_reason == "公開: 料金改定"


def test_a_new_draft_record_is_not_public(editor_client, form_data):
    tabuho = Option.objects.get(code="tabuho")
    data = form_data(tabuho, code="new-option", name="新オプション", draft=True)

    response = editor_client.post(add_url(Option), data)

    assert response.status_code == 302
    assert get_snapshot().option("new-option") is None


# -- 4. preview --------------------------------------------------------------------------------


def test_an_editor_previews_a_draft_as_of_its_date_with_a_banner(editor_client, form_data):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100", draft=True)

    response = result(editor_client, NOVEMBER, as_of="2026-11-01")

    assert "プレビュー" in response.html
    assert "2026年11月1日(日)時点の表示です" in response.html
    assert "1,100円" in plan_amount(response.html)
    assert response["Cache-Control"] == "private, no-store"


def test_the_preview_date_is_kept_in_the_editors_session_until_ended(editor_client):
    editor_client.get("/", {"as_of": "2026-11-01"})

    kept = editor_client.get("/help/")
    ended = editor_client.get("/", {"as_of": "off"})
    after = editor_client.get("/help/")

    assert 'id="preview-banner"' in kept.content.decode()
    assert 'id="preview-banner"' not in ended.content.decode()
    assert 'id="preview-banner"' not in after.content.decode()


def test_the_public_never_sees_a_preview(client, editor_client, form_data):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100", draft=True)
    previewed = result(editor_client, NOVEMBER, as_of="2026-11-01")
    assert "1,100円" in plan_amount(previewed.html)
    client.logout()

    public = result(client, NOVEMBER, as_of="2026-11-01")
    json_ = client.get("/result.json", {**NOVEMBER, "as_of": "2026-11-01"})

    assert 'id="preview-banner"' not in public.html
    assert "990円" in plan_amount(public.html)  # not the page the editor's preview made
    assert "no-store" not in public.get("Cache-Control", "")
    plan = next(i for i in json.loads(json_.content)["costs"]["items"] if i["code"] == "plan")
    assert plan["amount_yen"] == 990
    assert "public" in json_["Cache-Control"]


def test_a_preview_leaves_nothing_of_its_drafts_in_what_public_pages_reuse(
    client, editor_client, form_data
):
    # The cancel step's withdrawal note (R3.1) reads a fact, and pieces of a page are kept
    # across results (kaiyaku.jinja2): a draft previewed first must not be in them.
    withdrawal = Fact.objects.get(code="cancel_withdrawal")
    schedule(editor_client, form_data, withdrawal, "2026-11-01", status="confirmed", draft=True)
    previewed = result(editor_client, NOVEMBER, as_of="2026-11-01")
    assert 'id="withdrawal-disputed"' not in previewed.html
    client.logout()

    public = result(client, NOVEMBER)

    assert 'id="withdrawal-disputed"' in public.html


def test_the_preview_does_not_reach_the_admin(editor_client):
    editor_client.get("/", {"as_of": "2026-11-01"})

    page = editor_client.get(reverse("admin:kaiyaku_plan_changelist"))

    assert 'id="preview-banner"' not in page.content.decode()


# -- 5. a missing figure is 未登録, and the admin warns before making one ------------------------


def test_a_missing_postage_and_address_show_as_unregistered(client):
    # R6.4, R6.2: data edited outside the admin leaves no recommended postage, no address.
    PostageMethod.objects.update(recommended=False)
    ReturnAddress.objects.update(valid_to=dt.date(2020, 1, 1))
    clear_cache()

    page = result(client, NOVEMBER)
    data = json.loads(client.get("/result.json", NOVEMBER).content)
    ics = client.get("/result.ics", NOVEMBER).content.decode()

    row = re.search(r'<tr id="item-postage">.*?</tr>', page.html, re.S).group(0)
    assert "未登録" in page_text(row) and "要確認" in page_text(row)
    postage = next(i for i in data["costs"]["items"] if i["code"] == "postage")
    assert postage["amount_yen"] is None and postage["missing"] and postage["disputed"]
    assert "未登録" in re.sub(r"\r\n ", "", ics)
    missing = integrity.missing_figures(get_snapshot())
    assert (
        "SIMカードの返却先",
        [(dt.date(2020, 1, 2), dt.date(2028, 10, 20))],
        "returnaddress",
    ) in (missing)
    assert any(m.what == "おすすめの返却の送り方" and m.model == "postagemethod" for m in missing)


def test_a_misspelt_fee_code_shows_the_fee_as_unregistered(client):
    # R4.6: the MNP fee is shown even at 0 yen; under a misspelt code it is 未登録, not gone.
    Fee.objects.filter(code="mnp_transfer").update(code="mnp_transfr")
    clear_cache()

    data = json.loads(client.get("/result.json", PORT_OUT).content)

    fee = next(i for i in data["costs"]["items"] if i["code"] == "mnp_fee")
    assert (fee["amount_yen"], fee["missing"], fee["disputed"]) == (None, True, True)
    assert fee["label"] == "MNP転出手数料"
    assert "2026年10月30日(金)時点の金額がまだ登録されていない" in fee["note"]
    assert any("mnp_transfer" in m.what for m in integrity.missing_figures(get_snapshot()))


def test_ending_the_return_address_is_refused_naming_the_dates(editor_client, form_data):
    address = ReturnAddress.objects.get()

    response = editor_client.post(
        admin_change_url(address), form_data(address, valid_to="2026-12-31")
    )

    message = errors_of(response)["__all__"][0]
    assert "返却先の決まらない期間ができます(2027-01-01〜2028-10-20)" in message


def test_un_recommending_the_postage_is_refused(editor_client, form_data):
    kani = PostageMethod.objects.get(code="kani-kakitome", valid_from=dt.date(2024, 10, 1))

    response = editor_client.post(admin_change_url(kani), form_data(kani, recommended=False))

    assert "おすすめの送り方の決まらない期間ができます" in errors_of(response)["__all__"][0]


def test_deleting_a_fee_a_result_needs_is_refused_naming_the_dates(editor_client):
    damage = iijmio_fee("sim_damage")
    url = reverse("admin:kaiyaku_fee_delete", args=[damage.pk])

    response = editor_client.post(url, {"post": "yes"}, follow=True)

    assert "決まらない期間ができるため削除できません(2019-01-01〜2028-10-20)" in (
        response.content.decode()
    )
    assert Fee.objects.filter(pk=damage.pk).exists()


def test_a_whole_option_may_be_deleted(editor_client):
    tabuho = Option.objects.get(code="data-add")
    url = reverse("admin:kaiyaku_option_delete", args=[tabuho.pk])

    editor_client.post(url, {"post": "yes"})

    assert not Option.objects.filter(code="data-add").exists()


def test_a_lost_card_without_a_damage_fee_says_it_is_unregistered(client):
    # R6.3: a lost card is charged like an unreturned one; with no fee in force, 未登録.
    Fee.objects.filter(code="sim_damage").update(valid_to=dt.date(2020, 1, 1))
    clear_cache()

    data = json.loads(client.get("/result.json", {**NOVEMBER, "sim_lost": "1"}).content)

    damage = next(i for i in data["costs"]["items"] if i["code"] == "sim_damage")
    assert damage["amount_yen"] is None and damage["missing"]
    step = next(s for s in data["checklist"] if s["code"] == "report_lost_card")
    assert "損害金の額はこのガイドに未登録です(要確認)" in step["text"]


# -- the desk ----------------------------------------------------------------------------------


def test_the_desk_lists_drafts_with_their_filtered_list(editor_client, form_data):
    schedule(editor_client, form_data, giga_5gb(), "2026-11-01", monthly_price="1100", draft=True)
    draft = Plan.objects.get(code="giga-5gb", draft=True)

    desk = editor_client.get(reverse("admin:index")).content.decode()
    section = re.search(r'<section[^>]*id="desk-drafts".*?</section>', desk, re.S).group(0)

    assert "下書き(1件)" in page_text(section)
    assert admin_change_url(draft) in section
    listed = editor_client.get(reverse("admin:kaiyaku_plan_changelist"), {"draft__exact": "1"})
    assert list(listed.context["cl"].result_list) == [draft]


def test_the_desk_lists_missing_figures_with_their_dates(editor_client):
    ReturnAddress.objects.update(valid_to=dt.date(2020, 1, 1))  # edited outside the admin
    clear_cache()

    desk = editor_client.get(reverse("admin:index")).content.decode()
    section = re.search(r'<section[^>]*id="desk-missing".*?</section>', desk, re.S).group(0)

    assert "未登録の数字(1件)" in page_text(section)
    assert "SIMカードの返却先 2020-01-02〜2028-10-20" in page_text(section)
    assert reverse("admin:kaiyaku_returnaddress_changelist") in section
