"""What the result page, the help pages and the calendar file say to people off the common path:
a window already gone, money still to come, corporate holders, people abroad (issue: advice
that holds for every person)."""

import html as html_lib
import re

import pytest
import time_machine
from icalendar import Calendar

from kaiyaku import gunicorn
from kaiyaku.models import Carrier
from tests.answer_sets import ABROAD_CANCEL, CORPORATE, PLAIN_CANCEL, PORT_OUT

HTMX = {"HX-Request": "true"}


@pytest.fixture
def page(client, seeded, wizard_today):
    """page(answers, htmx=False) → the result page's HTML, following the canonical redirect."""

    def run(answers, htmx=False):
        response = client.get("/result/", answers, follow=True, headers=HTMX if htmx else {})
        assert response.status_code == 200
        response.html = response.content.decode()
        return response

    return run


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_lib.unescape(html)))


@pytest.mark.parametrize("htmx", [False, True])
def test_a_port_out_whose_window_has_gone_says_so_before_anything_else(page, htmx):
    # Today (wizard_today) is 2026-10-20: activating on the 22nd needed a number by the 17th.
    html = page({**PORT_OUT, "date": "2026-10-22"}, htmx=htmx).html
    first = html.index('id="warning-mnp_window_passed"')
    assert first < html.index('id="summary"') < html.index('id="timeline"')
    assert "間に合いません" in _text(html)


def test_a_port_out_still_in_time_is_told_about_requests_after_20(page):
    html = page({**PORT_OUT, "date": "2026-11-30"}).html
    assert "mnp_window_passed" not in html
    assert "20:00より後" in _text(html)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_result_opens_with_the_next_step_its_date_and_the_total(page, htmx):
    html = page({**PLAIN_CANCEL, "plan": "giga-5gb"}, htmx=htmx).html
    summary = _text(html[html.index('id="summary"') : html.index('id="timeline"')])
    assert "次にすること" in summary and "2026年10月28日(水)まで" in summary
    assert "990円" in summary


def test_usage_charges_are_said_to_be_left_out_right_by_the_total(page):
    html = page({**PLAIN_CANCEL, "plan": "giga-5gb"}).html
    total = html.index('id="total-charges"')
    note = html.index('id="warning-usage_not_included"')
    assert total < note < html.index('id="costs-own"')
    assert "通話料" in _text(html[note : note + 400])


def test_result_pages_are_kept_out_of_search_engines(page):
    response = page(PLAIN_CANCEL)
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.html


def test_phone_numbers_are_links_and_hours_are_not_brackets_in_brackets(page, client):
    html = page({**PLAIN_CANCEL, "lines": "2"}).html
    assert '<a href="tel:0570094400">0570-09-4400</a>' in html
    help_page = client.get("/help/cancel-menu/").content.decode()
    assert 'href="tel:0570094400"' in help_page
    for text in (_text(html), _text(help_page)):
        assert not re.search(r"[(（][^)）]*[(（]", text), "a bracket opened inside another"


def test_the_return_address_breaks_only_between_its_parts(page):
    html = page(PLAIN_CANCEL).html
    address = html[html.index("〒143-0006") - 40 : html.index("解約受付センター") + 20]
    assert '<span class="nobr">〒143-0006</span>' in address
    assert '<span class="nobr">東京都大田区平和島3-6-1</span>' in address


def test_long_notes_on_doubtful_figures_fold_away(page):
    html = page(PLAIN_CANCEL).html  # the unreturned-card fee is disputed (R6.3)
    risk = html[html.index('id="costs-risk"') :]
    assert "<details" in risk and "要確認" in risk


def test_a_corporate_result_never_offers_the_member_page_or_the_personal_line(page):
    text = _text(page(CORPORATE).html)
    assert "0570-09-4400" not in text
    assert "会員専用ページ >" not in text
    assert "法人窓口" in text and "平日9:00〜17:00" in text


def test_abroad_the_page_names_the_region_and_offers_chat_not_0570(page):
    text = _text(page({**ABROAD_CANCEL, "lines": "2"}).html)
    assert "America/Los_Angeles" not in text
    assert "ロサンゼルス" in text
    assert "0570-09-4400" not in text and "チャット" in text
    assert "国際郵便" in text


def test_help_pages_name_the_carrier_in_their_support_sentence(client, seeded):
    text = _text(client.get("/help/login/").content.decode())
    assert "IIJmioのサポートに電話で相談できます" in text
    assert " のサポート" not in text


def test_the_start_page_says_truthfully_where_answers_go(client, seeded):
    text = _text(client.get("/").content.decode())
    assert "アドレス(URL)" in text
    assert "この端末の外に保存しません" not in text


def test_the_access_log_keeps_no_query_string_and_no_referer():
    # gunicorn: %(r)s is the request line with its query, %(q)s the query, %(f)s the referer.
    assert "%(U)s" in gunicorn.access_log_format
    for leak in ("%(r)s", "%(q)s", "%(f)s", "%({"):
        assert leak not in gunicorn.access_log_format


# -- the calendar file -----------------------------------------------------------------


def _events(client, answers):
    body = client.get("/result.ics", answers).content
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_abroad_a_deadline_is_an_event_at_the_japan_time_moment_it_ends(client, seeded):
    with time_machine.travel("2026-10-20T10:00:00+09:00", tick=False):
        events = _events(client, ABROAD_CANCEL)
    cancel = next(e for e in events if str(e["uid"]).startswith("apply_cancel-"))
    start = cancel.decoded("dtstart")
    # R3.5: 10-31 08:00 in LA is November in Japan; its apply-by day ends 23:59 Japan time.
    assert start.isoformat() == "2026-11-27T14:59:00+00:00"
    assert "日本時間2026年11月27日(金) 23:59まで" in str(cancel["summary"])
    at_home = next(
        e for e in _events(client, PLAIN_CANCEL) if str(e["uid"]).startswith("apply_cancel-")
    )
    assert str(at_home.decoded("dtstart")) == "2026-10-28"  # an all-day step at home


def test_the_calendar_is_stamped_when_made_and_its_sequence_grows_with_the_data(client, seeded):
    with time_machine.travel("2026-10-20T10:30:00+09:00", tick=False):
        before = _events(client, PLAIN_CANCEL)[0]
        carrier = Carrier.objects.get(code="iijmio")
        carrier.support_busy = "昼休みの時間帯"
        carrier.save()
        after = _events(client, PLAIN_CANCEL)[0]
    assert before.decoded("dtstamp").isoformat() == "2026-10-20T01:00:00+00:00"
    assert int(after["sequence"]) > int(before["sequence"])


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("prefix", "codes", "card", "sim"),
    [
        ("", "認証コード", "日本を離れたあとも、2026年12月末まで", "出国の前に"),
        ("/en", "codes", "after you have left Japan", "before you leave Japan"),
    ],
)
def test_leaving_japan_from_japan_gets_the_three_pieces_of_advice(
    client, seeded, wizard_today, htmx, prefix, codes, card, sim
):
    # Issue 11, R2.1/R3.5/R7.1: still in Japan but about to leave, in either language.
    query = {**PLAIN_CANCEL, "leaving": "1"}
    response = client.get(f"{prefix}/result/", query, follow=True, headers=HTMX if htmx else {})
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("codes_to_number", "keep_card_valid", "return_sim_before_leaving"):
        assert f'id="step-{code}"' in html, code
    text = _text(html)
    assert codes in text and card in text and sim in text
    plain = _text(client.get(f"{prefix}/result/", PLAIN_CANCEL, follow=True).content.decode())
    assert sim not in plain and card not in plain  # only for someone leaving
