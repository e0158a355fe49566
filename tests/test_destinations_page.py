"""/destinations/: the destinations side by side, and from an MNP result, the last day to apply
at each for that person's number window (§11, R4.3, U4)."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from kaiyaku.models import Carrier
from tests.answer_sets import WIZARD_MNP
from tests.conftest import HTMX, page_text

pytestmark = pytest.mark.usefixtures("seeded", "wizard_today")

# Activation on 2026-12-20 with a card at ahamo: number window 12-10 … 12-15 (R4.3, R4.4).
AHAMO = {
    "goal": "mnp",
    "service": "voice",
    "sim": "physical",
    "date": "2026-12-20",
    "dest": "ahamo",
}


def row_text(html, code):
    row = re.search(rf'<tr id="dest-{code}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {code}"
    return page_text(row.group(1))


def open_page(client, query=None, headers=None):
    url = reverse("destinations")
    response = client.get(f"{url}?{urlencode(query)}" if query else url, headers=headers or {})
    response.html = response.content.decode()
    return response


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_destinations_are_side_by_side(client, headers):
    response = open_page(client, headers=headers)
    assert response.status_code == 200
    assert ("<html" in response.html) is not bool(headers)
    html = response.html
    assert row_text(html, "ahamo") == (
        "ahamo docomo 2,970円(税込) ahamo 20GB 10日以上 未確認 要確認 eSIM: 当日 カード: 2〜5日"
    )
    assert row_text(html, "docomo").startswith("ドコモ docomo — 料金の情報がありません 10日以上")
    assert "13日以上 要確認" in row_text(html, "povo")  # R4.3: disputed
    assert "この記事だけ" in row_text(html, "povo")
    assert "申し込みの最終日" not in page_text(html)
    assert "IIJmioのMNPワンストップ方式への対応: 未確認 要確認" in page_text(html)


def test_the_price_follows_the_amount_of_data_chosen(client):
    html = open_page(client, {"data": "3"}).html
    assert row_text(html, "linemo").startswith("LINEMO SoftBank 990円(税込) LINEMO ミニプラン 3GB")
    assert "毎月3GB使うときの比較" in page_text(html)
    html = open_page(client, {"data": "unlimited"}).html
    assert "3,278円(税込) Rakuten最強プラン 無制限" in row_text(html, "rakuten")


def test_an_amount_not_on_offer_is_an_error_naming_the_field(client):
    response = open_page(client, {"data": "7"})
    assert response.status_code == 400
    assert "エラー: 乗り換え先を比べる" in response.html
    assert 'href="#data"' in response.html
    assert "データ量は一覧から選んでください。" in page_text(response.html)


def test_opened_from_a_result_it_gives_the_last_day_to_apply_at_each(client):
    html = open_page(client, AHAMO).html
    text = page_text(html)
    assert "予約番号を取る期間は2026年12月10日(木)〜2026年12月15日(火)です" in text
    assert "あなたの乗り換え先" in row_text(html, "ahamo")
    assert row_text(html, "ahamo").endswith("2026年12月15日(火) あなたの日程で申し込めます")
    assert row_text(html, "rakuten").endswith("2026年12月15日(火) あなたの日程で申し込めます")
    assert row_text(html, "povo").endswith(
        "2026年12月12日(土) 期間の初日に取った番号では、"
        "2026年12月15日(火)には残り日数が足りません。"
        "2026年12月15日(火)に申し込むなら、予約番号を2026年12月13日(日)以降に取ってください。"
    )


def test_answers_that_cannot_be_planned_are_said_so_not_guessed(client):
    response = open_page(client, {**AHAMO, "dest": "nowhere"})
    assert response.status_code == 200
    text = page_text(response.html)
    assert "このリンクの答えを読み取れなかったので、日程を入れずに比べています" in text
    assert "申し込みの最終日" not in text


def test_the_amount_defaults_to_the_persons_iijmio_plan(client):
    html = open_page(client, {**AHAMO, "plan": "giga-2gb"}).html
    assert "毎月3GB使うときの比較" in page_text(html)  # 2GB: the next amount on offer
    assert 'name="plan" value="giga-2gb"' in html  # the form keeps the answers


def test_a_cancellation_gives_the_comparison_without_dates(client):
    answers = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-20"}
    assert "申し込みの最終日" not in page_text(open_page(client, answers).html)


def test_an_edited_destination_shows_at_once(client):
    Carrier.objects.filter(code="ahamo").update(mnp_one_stop="yes", card_delivery_days_max=3)
    Carrier.objects.get(code="ahamo").save()  # a save moves the data version, as the admin does
    assert "10日以上 対応 eSIM: 当日 カード: 2〜3日" in row_text(open_page(client).html, "ahamo")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_an_mnp_result_links_to_the_comparison_with_its_answers(client, headers):
    response = client.get("/result/", AHAMO, follow=True, headers=headers)
    link = re.search(r'id="compare-destinations"><a href="([^"]+)"', response.content.decode())
    assert link
    html = open_page(client).html  # the plain page has no dates
    assert "申し込みの最終日" not in page_text(html)
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert "あなたの乗り換え先" in row_text(response.content.decode(), "ahamo")


def test_a_cancellation_result_has_no_link_to_the_comparison(client):
    answers = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-20"}
    response = client.get("/result/", answers, follow=True)
    assert "compare-destinations" not in response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_destination_step_offers_not_decided_yet(client, headers):
    query = {"service": "voice", "holder": "personal", "goal": "mnp"}
    response = client.get("/q/dest/", query, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="undecided"' in html
    assert "まだ決めていない" in page_text(html)


def test_not_decided_yet_leads_to_a_result_on_the_strictest_rule_and_the_comparison(walk, client):
    check = walk(**{**WIZARD_MNP, "dest": "undecided"})
    assert "まだ決めていない" in page_text(check.content.decode())
    result = client.get("/result/", {**AHAMO, "dest": "undecided"}, follow=True)
    text = page_text(result.content.decode())
    assert "povo2.0の13日に合わせて日付を組みました" in text
    link = re.search(r'id="compare-destinations"><a href="([^"]+)"', result.content.decode())
    html = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "残り日数をいちばん多く求める先に合わせてあります" in page_text(html)
    assert "あなたの乗り換え先" not in page_text(html)
    for code in ("docomo", "rakuten", "povo", "other"):
        assert row_text(html, code).endswith("あなたの日程で申し込めます"), code
