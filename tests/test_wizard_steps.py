"""Each step: its own URL, one question as the heading, errors a person can act on, htmx swaps."""

import re

import pytest

from kaiyaku.questions import QUESTIONS
from tests.conftest import HTMX

ANSWERED = {
    "service": "voice",
    "holder": "personal",
    "goal": "cancel",
    "sim": "physical",
    "lines": "1",
    "plan": "",
    "date": "2026-10-27",
    "tz": "Europe/London",
    "time": "",
    "extras": "device,hikari,options,lost,staying",
    "device_left": "5000",
    "device_payoff": "monthly",
    "device_monthly": "1000",
    "hikari": "mansion",
    "options": "",
    "sim_lost": "0",
    "staying": "1",
}
# The answers above each question, so that every step can be opened directly.
# A question answered by a box of `extras` (`leaving`) has no step of its own.
STEPS = [q.id for q in QUESTIONS if q.id not in ("dest", "started") and not q.box]


def _above(question):
    ids = [q.id for q in QUESTIONS]
    return {k: v for k, v in ANSWERED.items() if ids.index(k) < ids.index(question)}


def _h1(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


@pytest.fixture
def get(client, seeded, wizard_today):
    def run(path, query=None, headers=None):
        return client.get(path, query or {}, headers=headers or {})

    return run


@pytest.mark.parametrize("question", STEPS)
def test_each_step_is_a_whole_page_with_its_question_as_the_only_heading(get, question):
    response = get(f"/q/{question}/", _above(question))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert html.count("<h1>") == 1
    assert f"<title>{_h1(html).strip()}" in html or "<label" in _h1(html)
    assert 'class="back-link"' in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize("question", STEPS)
def test_with_htmx_each_step_sends_only_its_main_region_and_its_title(get, question):
    response = get(f"/q/{question}/", _above(question), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith("<title>")
    assert "<form" in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(get):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    html = get("/q/sim/", _above("sim"), headers=headers).content.decode()
    assert html.startswith("<!doctype html>")


def test_a_radio_question_is_a_fieldset_whose_legend_is_the_heading(get):
    html = get("/q/service/").content.decode()
    assert re.search(r"<legend><h1>やめたいSIMの種類はどれですか</h1></legend>", html)
    assert 'aria-describedby="service-hint"' in html


def test_an_unanswered_step_shows_an_error_summary_that_links_to_the_field(get):
    response = get("/q/service/", {"go": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>エラー: やめたいSIMの種類はどれですか" in html
    assert "入力内容を確認してください" in html
    assert '<a href="#service">SIMの種類を選んでください</a>' in html
    assert 'id="service"' in html


def test_an_error_with_htmx_swaps_in_the_summary_and_the_error_title(get):
    html = get("/q/service/", {"go": "1"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith("<title>エラー: ")
    assert 'class="error-summary"' in html


def test_the_wizard_uses_the_same_messages_as_shared_links(get):
    html = get("/q/lines/", {**_above("lines"), "lines": "11", "go": "1"}).content.decode()
    assert "回線数は1から10までの数字で入力してください。" in html
    assert 'value="11"' in html  # what was typed stays, to be corrected


def test_a_cross_field_rule_is_reported_on_the_step_that_breaks_it(get):
    query = {**_above("sim_lost"), "lines": "2", "sim_lost": "3", "go": "1"}
    html = get("/q/sim_lost/", query).content.decode()
    assert "返却できないカードの枚数は、回線数(2)以下にしてください。" in html


def test_amounts_may_be_typed_with_full_width_digits_and_commas(get):
    response = get(
        "/q/device_left/", {**_above("device_left"), "device_left": "１２,０００円", "go": "1"}
    )
    assert response.status_code == 302
    assert "device_left=12000" in response["Location"]


def test_the_wizard_does_not_offer_dates_before_today(get):
    html = get("/q/date/", {**_above("date"), "date": "2026-10-19", "go": "1"}).content.decode()
    assert "今日以降の日付を入力してください。" in html
    assert 'min="2026-10-20"' in html


def test_the_date_question_is_worded_for_the_goal(get):
    cancel = get("/q/date/", _above("date")).content.decode()
    mnp = get(
        "/q/date/",
        {
            "service": "voice",
            "holder": "personal",
            "goal": "mnp",
            "dest": "au",
            "sim": "esim",
            "lines": "1",
            "plan": "",
        },
    ).content.decode()
    assert "解約を申し込むのは" in _h1(cancel)
    assert "開通させる" in _h1(mnp)


def test_a_valid_answer_moves_to_the_next_question_keeping_every_answer(get):
    response = get("/q/sim/", {**_above("sim"), "sim": "esim", "go": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/q/lines/?service=voice&holder=personal&goal=cancel&sim=esim"


def test_an_empty_choice_is_an_answer_when_the_question_allows_it(get):
    response = get("/q/plan/", {**_above("plan"), "plan": "", "go": "1"})
    assert response["Location"].startswith("/q/date/?")
    assert response["Location"].endswith("&plan=")


def test_no_option_ticked_is_an_answer_and_several_are_kept_in_one_parameter(get):
    none = get("/q/options/", {**_above("options"), "options": "", "go": "1"})
    assert none["Location"].startswith("/q/sim_lost/")  # the next box ticked (lost card)
    several = get(
        "/q/options/", {**_above("options"), "options": ["", "tabuho", "meiwaku"], "go": "1"}
    )
    assert (
        "options=meiwaku%2Ctabuho" in several["Location"]
        or "options=tabuho%2Cmeiwaku" in several["Location"]
    )


def test_the_back_link_returns_to_the_previous_question_with_its_answer_kept(get):
    html = get("/q/lines/", _above("lines")).content.decode()
    assert (
        'href="/q/sim/?service=voice&amp;holder=personal&amp;goal=cancel&amp;sim=physical"' in html
    )
    previous = get(
        "/q/sim/", {"service": "voice", "holder": "personal", "goal": "cancel", "sim": "physical"}
    )
    assert 'value="physical" checked' in previous.content.decode()


def test_the_first_questions_back_link_goes_to_the_start_page(get):
    assert 'class="back-link" href="/"' in get("/q/service/").content.decode()


def test_a_step_opened_out_of_order_sends_you_to_the_first_unanswered_question(get):
    response = get("/q/sim/", {"service": "voice"})
    assert response.status_code == 302
    assert response["Location"] == "/q/holder/?service=voice"


def test_a_question_that_does_not_apply_is_skipped(get):
    response = get("/q/dest/", {"service": "voice", "holder": "personal", "goal": "cancel"})
    assert response["Location"] == "/q/sim/?service=voice&holder=personal&goal=cancel"


def test_an_unknown_question_is_not_found(get):
    assert get("/q/favourite-colour/").status_code == 404


def test_steps_are_get_only(client, seeded):
    assert client.post("/q/service/", {"service": "voice"}).status_code == 405
