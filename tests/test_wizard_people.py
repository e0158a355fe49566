"""The wizard asks only the questions that change the answer (GOV.UK's rule for smart answers),
in an order that puts what changes the whole procedure first."""

import html as html_lib
import re

import pytest

from tests.answer_sets import WIZARD_CANCEL, WIZARD_EXTRAS, WIZARD_MNP
from tests.conftest import page_text

# A plain cancellation: voice, one card, mid-month, in Japan, no extras.
PLAIN = {**WIZARD_CANCEL, "date": "2026-11-12"}  # a Thursday, mid-month


def test_a_plain_cancellation_reaches_the_check_page_in_nine_question_pages(walk):
    response = walk(**PLAIN)
    assert response.status_code == 200 and "/check/" in response.url
    assert len(response.asked) <= 9, response.asked
    assert "time" not in response.asked  # mid-month at home: the hour changes nothing


def test_the_check_page_still_shows_every_answer_used(walk):
    html = walk(**PLAIN).content.decode()
    rows = re.findall(r'id="row-(\w+)"', html)
    assert rows == [
        "service",
        "holder",
        "goal",
        "sim",
        "lines",
        "plan",
        "date",
        "tz",
        "extras",
    ]


def test_the_holder_is_asked_right_after_the_line(walk):
    assert walk(**PLAIN).asked[:2] == ["service", "holder"]  # R1.4/R1.5 change everything


def test_where_you_are_is_one_question_with_japan_the_regions_and_any_other_zone(client, walk):
    walk(**PLAIN)
    page = client.get("/q/tz/", {k: v for k, v in PLAIN.items() if k not in ("tz", "time")})
    html = page.content.decode()
    assert '<option value="Asia/Tokyo">日本</option>' in html
    assert "ロサンゼルス" in html  # a region by the name people know
    assert '<option value="Africa/Nairobi">' in html  # and any other zone


@pytest.mark.parametrize(
    ("ticked", "asked", "not_asked"),
    [
        ("", [], ["device_left", "hikari", "options", "sim_lost", "staying"]),
        ("hikari", ["hikari"], ["device_left", "options", "sim_lost", "staying"]),
        ("device,lost", ["device_left", "device_payoff", "sim_lost"], ["hikari", "options"]),
        ("options,staying", ["options", "staying"], ["device_left", "hikari", "sim_lost"]),
    ],
)
def test_the_extras_are_one_page_whose_follow_ups_come_only_for_what_was_ticked(
    walk, ticked, asked, not_asked
):
    answers = {**WIZARD_EXTRAS, "tz": "Asia/Tokyo", "date": "2026-11-12", "extras": ticked}
    flow = walk(**answers).asked
    assert set(asked) <= set(flow)
    assert not set(not_asked) & set(flow)


def test_an_esim_is_not_offered_a_lost_card(client, walk):
    answers = {**PLAIN, "sim": "esim"}
    walk(**answers)
    above = {k: v for k, v in answers.items() if k != "extras"}
    html = client.get("/q/extras/", above).content.decode()
    assert 'value="lost"' not in html  # R6.1: no card to lose
    assert 'value="hikari"' in html


@pytest.mark.parametrize(
    ("tz", "offered"),
    [("Asia/Tokyo", True), ("America/Los_Angeles", False), ("Pacific/Kiritimati", False)],
)
def test_leaving_japan_is_offered_only_to_someone_still_in_japan(client, walk, tz, offered):
    # R2.1, R3.5, R7.1: abroad, the number, card and SIM advice is given already
    abroad = tz != "Asia/Tokyo"
    answers = {**PLAIN, "tz": tz, **({"time": "10:00"} if abroad else {})}  # R3.5: the hour
    walk(**answers)
    above = {k: v for k, v in answers.items() if k != "extras"}
    html = client.get("/q/extras/", above).content.decode()
    assert ('value="leaving"' in html) is offered
    assert 'value="hikari"' in html


def test_data_and_sms_lines_are_not_offered_voice_line_prices(walk):
    for service in ("data", "sms"):
        assert "plan" not in walk(**{**PLAIN, "service": service}).asked  # R1.2


def test_a_data_line_link_with_a_plan_is_not_charged_a_voice_lines_price(client, seeded):
    query = {"goal": "cancel", "service": "data", "sim": "esim", "date": "2026-11-12"}
    with_plan = client.get("/result.json", {**query, "plan": "giga-5gb"}).json()
    assert with_plan == client.get("/result.json", query).json()
    assert with_plan["costs"]["charges_total_yen"] == 0
    text = next(w["text"] for w in with_plan["warnings"] if w["code"] == "plan_not_included")
    assert "データ専用SIM" in text


def test_the_date_steps_example_is_never_in_the_past(client, walk):
    walk(**PLAIN)  # today is 2026-10-20 (wizard_today)
    above = {k: v for k, v in PLAIN.items() if k not in ("date", "tz", "time", "extras")}
    for answers in (above, {**above, "goal": "mnp", "dest": "au"}):
        hint = html_lib.unescape(client.get("/q/date/", answers).content.decode())
        example = re.search(r"例: (\d{4}-\d{2}-\d{2})", hint).group(1)
        assert example >= "2026-10-20"
        assert "だいたいの日で構いません" not in hint  # the last days of a month cost money


def test_a_port_out_is_asked_no_time_and_no_plain_extras_it_did_not_tick(walk):
    asked = walk(**WIZARD_MNP).asked
    assert "time" not in asked and "dest" in asked and "extras" in asked


def test_staying_lines_are_said_in_the_wizard_and_reach_the_result(walk, client):
    answers = {
        **PLAIN,
        "plan": "giga-5gb",
        "extras": "staying",
        "staying": "2",
    }
    check = walk(**answers)
    assert "staying" in check.asked
    result_url = re.search(r'class="button" href="([^"]+)"', check.content.decode()).group(1)
    text = page_text(client.get(html_lib.unescape(result_url), follow=True).content.decode())
    assert "残るSIM2枚の新しい月額" in text  # R9.3
    assert "1,430円" in text  # the article's example: 1,870 → 1,430


def test_leaving_japan_is_a_box_of_the_extras_with_no_step_and_reaches_the_result(walk, client):
    # Issue 11: someone still in Japan says they are about to leave (R2.1, R3.5, R7.1).
    above = {k: v for k, v in PLAIN.items() if k != "extras"}
    walk(**PLAIN)
    assert 'value="leaving"' in client.get("/q/extras/", above).content.decode()
    english = client.get("/en/q/extras/", above).content.decode()
    assert "I am leaving Japan soon (going home or moving abroad)" in english
    check = walk(**{**PLAIN, "extras": "leaving"})
    assert "leaving" not in check.asked  # the box is the answer: no follow-up question
    html = check.content.decode()
    assert "近いうちに日本を離れる予定がある" in page_text(html)
    result_url = re.search(r'class="button" href="([^"]+)"', html).group(1)
    assert "leaving=1" in result_url
    text = page_text(client.get(html_lib.unescape(result_url), follow=True).content.decode())
    assert "出国の前に" in text and "日本を離れたあとも" in text and "認証コード" in text
