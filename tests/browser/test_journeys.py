"""A person clicking (or tabbing) through the guide, with JavaScript on and off."""

import re

import pytest

pytestmark = pytest.mark.browser

CANCEL = [
    ("service", "voice"),
    ("holder", "personal"),
    ("goal", "cancel"),
    ("sim", "physical"),
    ("lines", "1"),
    ("plan", "giga-5gb"),
    ("date", "2026-10-30"),
    ("tz", "Asia/Tokyo"),
    ("time", "21:00"),  # the last days of the month: the hour matters (R3.3)
    ("extras", "options"),
    ("options", "tabuho"),
]
MNP = [
    ("service", "voice"),
    ("holder", "personal"),
    ("goal", "mnp"),
    ("dest", "au"),
    ("sim", "esim"),
    ("lines", "1"),
    ("plan", "giga-2gb"),
    ("date", "2026-10-30"),
    ("tz", "Europe/London"),
    ("extras", "device"),
    ("device_left", "12000"),
    ("device_payoff", "lump"),
]
CORPORATE = [
    ("service", "voice"),
    ("holder", "corporate"),
    ("goal", "cancel"),
    ("sim", "physical"),
    ("lines", "1"),
    ("plan", "giga-5gb"),
    ("date", "2026-11-12"),
    ("tz", "Asia/Tokyo"),
    ("extras", ""),
]
ABROAD = [
    ("service", "voice"),
    ("holder", "personal"),
    ("goal", "cancel"),
    ("sim", "physical"),
    ("lines", "1"),
    ("plan", "giga-5gb"),
    ("date", "2026-10-31"),
    ("tz", "America/Los_Angeles"),
    ("time", "08:00"),  # R3.5: 10-31 08:00 in Los Angeles is November in Japan
    ("extras", ""),
]


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(request, chromium, site):
    context = chromium.new_context(java_script_enabled=request.param, locale="ja-JP")
    page = context.new_page()
    page.js = request.param
    page.site = site
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    yield page
    assert all(url.startswith(site) for url in requests), "a request left the site"
    context.close()


HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def _wait_until(page, expression, seconds=5):
    """Poll a plain expression: the strict CSP forbids the eval Playwright's predicates use."""
    for _ in range(seconds * 20):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def _settle(page, old_url):
    page.wait_for_function("old => location.href !== old", arg=old_url)
    page.wait_for_load_state()
    page.wait_for_selector("main h1")


def _submit(page):
    old = page.url
    page.click("form button[type=submit]")
    _settle(page, old)


def _fill(page, question, value):
    field = page.locator(f"[name={question}]").first
    kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
    if kind == "radio":
        page.check(f"input[name={question}][value='{value}']")
    elif kind in ("checkbox", "hidden"):
        for code in filter(None, value.split(",")):
            page.check(f"input[name={question}][value='{code}']")
    elif kind == "select":
        page.select_option(f"#{question}", value)
    else:
        page.fill(f"#{question}", value)


def _question(page):
    return re.search(r"/q/([a-z_]+)/", page.url).group(1)


def _start(page, axe):
    page.goto(page.site + "/")
    axe(page)
    page.evaluate("window.__samePage = true") if page.js else None
    old = page.url
    page.click("text=始める")
    _settle(page, old)


def _answer_all(page, answers, axe):
    for question, value in answers:
        assert _question(page) == question
        axe(page)
        _fill(page, question, value)
        _submit(page)
        if page.js:  # focus follows the swap to the new question
            _wait_until(page, "document.activeElement.tagName === 'H1'")
            h1 = page.inner_text("main h1").strip()
            assert page.title().startswith(h1) or "/check/" in page.url


def _to_result(page, axe, button="結果を見る"):
    assert "/check/" in page.url
    axe(page)
    old = page.url
    page.click(f"text={button}")
    _settle(page, old)
    assert "/result/?" in page.url and "fig=" in page.url
    axe(page)


def test_a_cancellation_from_start_to_result(page, axe):
    _start(page, axe)
    # First an empty answer: the error summary, its title and (with JS) focus.
    _submit_empty(page, axe)
    _answer_all(page, CANCEL, axe)
    _to_result(page, axe)
    text = page.inner_text("main")
    assert "IIJmioから請求される金額" in text
    assert "990円(税込)" in text
    assert "〒143-0006" in text
    if page.js:
        assert page.evaluate("window.__samePage === true"), "htmx should swap, not reload"
        assert page.is_visible("text=リンクをコピー")
    else:
        assert not page.is_visible("text=リンクをコピー")


def _submit_empty(page, axe):
    page.click("form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("エラー: ")
    axe(page)
    if page.js:  # focus moves to the summary so a screen reader hears it first
        _wait_until(page, "document.activeElement.classList.contains('error-summary')")
    page.click(".error-summary a")
    assert page.evaluate("document.activeElement.id") == "service"


def test_a_port_out_from_start_to_result(page, axe):
    _start(page, axe)
    _answer_all(page, MNP, axe)
    _to_result(page, axe)
    text = page.inner_text("main")
    assert "MNP予約番号を取る" in text
    assert "現地時間" in text  # abroad: local times beside Japan time


def test_a_corporate_holder_is_sent_to_the_corporate_window_only(page, axe):
    _start(page, axe)
    _answer_all(page, CORPORATE, axe)
    _to_result(page, axe)
    text = page.inner_text("main")
    assert "法人窓口" in text and "平日9:00〜17:00" in text  # R1.5
    assert "0570-09-4400" not in text and "会員専用ページ >" not in text


def test_a_person_abroad_sees_their_region_local_times_and_how_to_post_from_abroad(page, axe):
    _start(page, axe)
    _answer_all(page, ABROAD, axe)
    _to_result(page, axe)
    text = page.inner_text("main")
    assert "ロサンゼルス" in text and "America/Los_Angeles" not in text  # R3.5
    assert "現地時間" in text
    assert "国際郵便" in text
    assert "0570-09-4400" not in text and "チャット" in text


def test_the_back_button_mid_way_shows_the_previous_question_with_its_answer(page, axe):
    _start(page, axe)
    _answer_all(page, CANCEL[:4], axe)
    assert _question(page) == "lines"
    page.go_back()
    page.wait_for_url(re.compile(r"/q/sim/"))
    page.wait_for_selector("main h1")
    assert page.is_checked("input[name=sim][value=physical]")
    axe(page)
    page.go_forward()
    page.wait_for_url(re.compile(r"/q/lines/"))
    page.wait_for_selector("#lines")
    page.click("a.back-link")
    page.wait_for_url(re.compile(r"/q/sim/"))
    page.wait_for_selector("input[name=sim]")
    assert page.is_checked("input[name=sim][value=physical]")


def test_changing_an_answer_on_check_answers_keeps_the_others(page, axe):
    _start(page, axe)
    _answer_all(page, CANCEL, axe)
    before = page.inner_text("dl.summary")
    old = page.url
    page.click("#change-plan")
    _settle(page, old)
    assert page.is_checked("input[name=plan][value=giga-5gb]")
    axe(page)
    page.check("input[name=plan][value=giga-20gb]")
    _submit(page)
    assert "/check/" in page.url
    after = page.inner_text("dl.summary")
    assert "ギガプラン 20GB" in after
    assert before.replace("ギガプラン 5GB(月990円)", "ギガプラン 20GB(月2,000円)") == after


def test_the_share_link_shows_the_same_totals_in_a_fresh_browser(page, axe, chromium):
    _start(page, axe)
    _answer_all(page, CANCEL, axe)
    _to_result(page, axe)
    share = page.input_value("#share-url")
    totals = page.inner_text("#costs-charges tfoot")
    fresh = chromium.new_context()
    other = fresh.new_page()
    other.goto(share)
    assert other.inner_text("#costs-charges tfoot") == totals
    assert other.url == share
    fresh.close()


def _start_in_english(page, axe):
    page.goto(page.site + "/en/")
    assert page.get_attribute("html", "lang") == "en"
    axe(page)
    old = page.url
    page.click("a.button.start")
    _settle(page, old)
    assert "/en/q/" in page.url


def test_a_cancellation_in_english_and_its_share_link_in_a_fresh_browser(page, axe, chromium):
    _start_in_english(page, axe)
    _answer_all(page, CANCEL, axe)
    assert "/en/check/" in page.url
    _to_result(page, axe, button="See the result")
    assert "/en/result/?" in page.url
    assert page.get_attribute("html", "lang") == "en"
    text = page.inner_text("main")
    assert "What IIJmio will bill" in text
    assert "¥990 (incl. tax)" in text
    assert "〒143-0006" in text  # the postal address stays Japanese, ready to copy
    share = page.input_value("#share-url")
    assert "/en/result/?" in share
    fresh = chromium.new_context(locale="ja-JP")  # the browser's language changes nothing
    other = fresh.new_page()
    other.goto(share)
    assert other.url == share
    assert other.get_attribute("html", "lang") == "en"
    assert "What IIJmio will bill" in other.inner_text("main")
    fresh.close()


def test_a_port_out_in_english_switches_to_japanese_with_its_answers(page, axe):
    _start_in_english(page, axe)
    _answer_all(page, MNP, axe)
    _to_result(page, axe, button="See the result")
    text = page.inner_text("main")
    assert "You keep your number and move." in text
    assert "Local time" in text  # abroad: local times beside Japan time
    result = page.url
    old = page.url
    page.click("#language-switch")
    _settle(page, old)
    assert page.url == result.replace("/en/result/", "/result/")
    assert page.get_attribute("html", "lang") == "ja"
    assert "IIJmioから請求される金額" in page.inner_text("main")
    axe(page)


def test_the_whole_journey_works_by_keyboard_alone(chromium, site, axe):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site + "/")
    _tab_to(page, "a.button.start")
    page.keyboard.press("Enter")
    for question, value in CANCEL:
        page.wait_for_url(re.compile(rf"/q/{question}/"))
        page.wait_for_selector(f"[name={question}]:not([type=hidden])")
        # After a swap site.js moves focus to the h1 (htmx:afterSettle); start tabbing from
        # there, as a person does, or the first keys can land on a field that loses focus.
        _wait_until(page, f"!document.querySelector('{HTMX_BUSY}')")
        _keyboard_answer(page, question, value)
        # Enter submits from a text field; from a select it would only open the list.
        page.keyboard.press("Enter") if page.evaluate(
            "document.activeElement.tagName === 'INPUT' && "
            "!['radio','checkbox'].includes(document.activeElement.type)"
        ) else _tab_to_and_press(page, "form button[type=submit]")
    page.wait_for_url(re.compile(r"/check/"))
    _tab_to(page, "a.button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result/"))
    page.wait_for_selector("#costs-charges")
    axe(page)
    context.close()


def _tab_to(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _tab_to_and_press(page, selector):
    _tab_to(page, selector)
    page.keyboard.press("Enter")


def _keyboard_answer(page, question, value):
    field = page.locator(f"[name={question}]").last
    kind = field.get_attribute("type") or field.evaluate("e => e.tagName.toLowerCase()")
    if kind == "radio":
        values = page.eval_on_selector_all(f"input[name={question}]", "es => es.map(e => e.value)")
        _tab_to(page, f"input[name={question}]")
        page.keyboard.press("Space")
        for _ in range(values.index(value)):
            page.keyboard.press("ArrowDown")
        assert page.is_checked(f"input[name={question}][value='{value}']")
    elif kind == "checkbox":
        for code in filter(None, value.split(",")):
            _tab_to(page, f"input[name={question}][value='{code}']")
            page.keyboard.press("Space")
    elif kind == "select":
        _tab_to(page, f"#{question}")
        page.select_option(f"#{question}", value)
    else:
        _tab_to(page, f"#{question}")
        if kind == "date":
            # Chromium lays the date field out in the system's (not the page's) locale; on the
            # Debian image that is month/day/year.
            year, month, day = value.split("-")
            page.keyboard.type(f"{month}{day}{year}")
            assert page.input_value(f"#{question}") == value
        elif kind == "time":
            page.keyboard.type(value.replace(":", ""))
            page.keyboard.press("ArrowRight")
        else:
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
