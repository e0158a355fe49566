"""The result page and its permalink: same answers, same page, anywhere, and honest about edits."""

import html as html_lib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.cache import cache

from kaiyaku.models import Plan
from tests.answer_sets import ESIM_PORT_OUT as MNP
from tests.answer_sets import LATE_CANCEL as CANCEL
from tests.conftest import HTMX, page_text


@pytest.fixture
def open_result(client, seeded, wizard_today):
    """Open /result/?answers as someone would, following the redirect to the canonical link."""

    def run(answers, headers=None):
        response = client.get("/result/", answers, headers=headers or {}, follow=True)
        response.html = response.content.decode()
        response.url = response.redirect_chain[-1][0] if response.redirect_chain else None
        return response

    return run


def test_a_link_is_redirected_to_the_canonical_one_with_sorted_answers_and_figures(open_result):
    response = open_result({"time": "23:30", "goal": "cancel", **CANCEL, "utm_source": "x"})
    query = parse_qsl(urlsplit(response.url).query)
    names = [name for name, _ in query]
    assert names[:-1] == sorted(names[:-1])
    assert names[-1] == "fig"
    assert "utm_source" not in names


def test_the_canonical_link_shows_the_same_result_after_a_restart_with_no_cookie(
    client, open_result
):
    first = open_result(CANCEL)
    cache.clear()  # as a fresh site would
    client.cookies.clear()
    again = client.get(first.url)
    assert again.status_code == 200
    assert page_text(again.content.decode()) == page_text(first.html)


def test_warnings_come_before_the_timeline_and_the_costs(open_result):
    html = open_result(CANCEL).html
    assert 'id="warning-late_application"' in html
    assert html.index('id="warnings"') < html.index('id="timeline"') < html.index('id="costs"')


def test_the_costs_are_split_by_who_you_pay_and_whether_they_continue(open_result):
    text = page_text(open_result(CANCEL).html)
    assert "IIJmioから請求される金額" in text
    assert "月額料金(ギガプラン 5GB)" in text
    assert "自分で払う費用" in text
    assert "やめたあとも毎月続く費用" in text
    assert "タブホ" in text
    assert "避けられる費用(合計には入れていません)" in text


def test_penalties_are_labelled_outside_consumption_tax_and_doubtful_figures_say_so(open_result):
    html = open_result(CANCEL).html
    risk = html[html.index('id="item-sim_damage_risk"') :]
    risk = risk[: risk.index("</tr>")]
    assert "2,000円(不課税)" in risk
    assert "要確認" in risk
    assert "請求しないとされています" in risk  # the note, from the data
    assert "990円(税込)" in html


def test_a_savings_tip_says_what_applying_on_the_recommended_day_is_worth(open_result):
    html = open_result(CANCEL).html
    assert "2026年10月28日(水)までに申し込めば" in html
    assert "990円多くかかる心配がありません" in html


def test_a_port_out_on_the_first_is_told_what_the_day_before_saves(open_result):
    html = open_result({**MNP, "date": "2026-11-01", "plan": "giga-5gb"}).html
    assert "開通を前日の2026年10月31日(土)にすれば、2026年11月分の990円がかかりません。" in html


def test_the_timeline_gives_dates_with_weekdays_in_japan_time(open_result):
    text = page_text(open_result(CANCEL).html)
    assert "2026年10月31日(土) 23:59 回線が終わる" in text
    assert "時刻はすべて日本時間です。" in text


def test_abroad_the_timeline_adds_the_local_time(open_result):
    answers = {**CANCEL, "date": "2026-10-31", "time": "08:00", "tz": "America/Los_Angeles"}
    text = page_text(open_result(answers).html)
    assert "アメリカ西部" in text
    assert "現地時間: 2026年10月31日(土) 08:00" in text
    assert 'id="warning-slips_to_next_month"' in open_result(answers).html


def test_a_port_out_shows_when_to_get_the_number_and_the_last_day_to_apply(open_result):
    text = page_text(open_result(MNP).html)
    assert "2026年10月25日(日)〜2026年10月30日(金) この間にIIJmioでMNP予約番号を取る" in text
    assert "乗り換え先に申し込む最後の日" in text


def test_the_checklist_is_grouped_by_phase_with_due_dates_and_the_details_to_act_on(open_result):
    text = page_text(open_result(CANCEL).html)
    assert text.index("やめる前に") < text.index("手続き ") < text.index("やめたあとに")
    assert "〒143-0006" in text  # the return address, from the data
    assert "簡易書留" in text
    assert "0570-09-4400" in text
    assert "2026年10月28日(水)まで" in text


def test_checklist_items_link_to_help_pages_that_exist(client, open_result):
    for answers in (CANCEL, MNP):
        html = open_result(answers).html
        links = set(re.findall(r'href="(/help/[a-z-]+/)"', html))
        assert links
        for link in links:
            assert client.get(link).status_code == 200


def test_the_result_offers_the_calendar_the_json_and_a_share_link(open_result):
    response = open_result(CANCEL)
    html = response.html
    assert 'href="/result.ics?' in html
    assert 'href="/result.json?' in html
    share = html_lib.unescape(re.search(r'id="share-url" value="([^"]+)"', html).group(1))
    assert share == "http://testserver" + response.url
    assert "data-copy-target" in html and " hidden>" in html  # shown by JavaScript only
    assert "2026年11月1日(日)時点の情報" in html  # U1 postage, verified 2026-11-01


def test_the_share_link_opened_elsewhere_shows_the_same_totals(client, open_result):
    first = open_result(CANCEL)
    share = html_lib.unescape(re.search(r'id="share-url" value="([^"]+)"', first.html).group(1))
    client.cookies.clear()
    other = client.get(share.removeprefix("http://testserver")).content.decode()
    total = re.compile(r'id="total-charges">([^<]+)<')
    assert total.search(other).group(1) == total.search(first.html).group(1) == "990円"


def test_a_link_made_before_a_figure_changed_says_so_and_shows_the_current_figure(
    client, open_result
):
    link = open_result(CANCEL).url
    assert "情報が更新されました" not in client.get(link).content.decode()
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = 1100
    plan.save()  # as an editor would; the data version moves
    html = client.get(link).content.decode()
    assert "このリンクが作られたあとで、料金や日数の情報が更新されました。" in html
    assert "1,100円(税込)" in html
    fresh = html_lib.unescape(re.search(r'href="(/result/\?[^"]+)" data-hx-get', html).group(1))
    assert "情報が更新されました" not in client.get(fresh).content.decode()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**CANCEL, "goal": "quit"}, "手続き"),
        ({**CANCEL, "date": "2026-02-30"}, "日付"),
        ({**CANCEL, "lines": "many"}, "回線数"),
        ({**CANCEL, "tz": "../../etc/passwd"}, "タイムゾーン"),
        ({"fig": "abc"}, "回線の種類"),
    ],
)
def test_a_tampered_link_gets_a_clear_error_page_with_a_way_to_start_again(
    open_result, answers, field
):
    response = open_result(answers)
    assert response.status_code == 400
    assert "このリンクでは結果を表示できません" in response.html
    assert field in response.html
    assert "はじめからやり直す" in response.html


def test_a_garbled_figures_parameter_is_replaced_rather_than_an_error(client, seeded, wizard_today):
    response = client.get("/result/?" + urlencode({**CANCEL, "fig": "<script>"}))
    assert response.status_code == 302
    assert "fig=" in response["Location"] and "script" not in response["Location"]


def test_with_htmx_the_result_sends_only_its_main_region(open_result):
    response = open_result(CANCEL, headers=HTMX)
    assert "<html" not in response.html
    assert response.html.lstrip().startswith("<title>あなたの手続きと費用")
    assert "HX-Request" in response["Vary"]


def test_the_change_link_goes_back_to_check_answers_with_every_answer(client, open_result):
    html = open_result(CANCEL).html
    link = html_lib.unescape(re.search(r'href="(/check/\?[^"]+)"', html).group(1))
    page = client.get(link)
    assert page.status_code == 200
    assert "回答の確認" in page.content.decode()
