"""The English edition: every public page under /en/, Japanese at the root; each page names its
language, lists both editions as hreflang alternates and links to the other one with the answers
kept; English pages are written in English; the data's English names show, or the Japanese ones
when an editor wrote none; the JSON and the calendar file speak the language `lang=` asks for."""

import datetime
import json
import re
from html import unescape
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from kaiyaku.models import Carrier, Plan
from kaiyaku.templatetags.kaiyaku import jdate, jdatetime, jmonth, yen, yen_plain, zone_name
from tests.answer_sets import ESIM_PORT_OUT, WIZARD_CANCEL
from tests.conftest import HTMX

CHECK_QUERY = "&".join(f"{k}={v}" for k, v in WIZARD_CANCEL.items())
# One page of each type, by its Japanese path (the English one is /en + it).
PAGES = {
    "start": "/",
    "step": "/q/service/",
    "step with answers": "/q/date/?service=voice&holder=personal&goal=cancel&sim=physical"
    "&lines=1&plan=giga-5gb",
    "check": f"/check/?{CHECK_QUERY}",
    "result": "/result/?goal=cancel&service=voice&sim=physical&date=2026-10-31&time=08:00"
    "&tz=America/Los_Angeles&plan=giga-5gb",
    "destinations": "/destinations/",
    "help index": "/help/",
    "help page": "/help/login/",
    "changes": "/changes/",
    "request form": "/request/",
    "not found": "/no-such-page/",
}
STATUS = {"not found": 404}
JAPANESE = re.compile(r"[぀-ヿ一-鿿]")
# Japanese a person needs as it is: a term given in brackets after its English, "(会員専用ページ)".
BRACKETED = re.compile(r"\([^()]*[぀-ヿ一-鿿][^()]*\)")
# Parts written as Japanese on purpose, marked so: the postal address, a source's own title, the
# link to the Japanese edition.
MARKED_JAPANESE = re.compile(r'<(\w+)[^>]*\blang="ja"[^>]*>.*?</\1>', re.S)


@pytest.fixture
def get(client, seeded, wizard_today):
    def run(path, headers=None):
        return client.get(path, headers=headers or {}, follow=True)

    return run


def _visible(html):
    """The text a reader sees of a page (or an htmx fragment), the <title> included."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html)).strip()


def _japanese_left(text):
    return JAPANESE.findall(BRACKETED.sub("", text))


def _final_path(response):
    """The path and query of the page a response shows, after any redirect."""
    if response.redirect_chain:
        return response.redirect_chain[-1][0]
    query = response.request.get("QUERY_STRING", "")
    return response.request["PATH_INFO"] + (f"?{query}" if query else "")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_each_page_is_in_japanese_at_the_root_and_in_english_under_en(get, name, headers):
    path = PAGES[name]
    status = STATUS.get(name, 200)
    japanese, english = get(path, headers), get("/en" + path, headers)

    assert japanese.status_code == english.status_code == status
    ja_html, en_html = japanese.content.decode(), english.content.decode()
    if not headers:
        assert '<html lang="ja">' in ja_html
        assert '<html lang="en">' in en_html
    assert JAPANESE.search(_visible(ja_html))
    assert "Leaving IIJmio: a guide" in en_html  # the site's name, in <title> for htmx too
    assert "Leaving IIJmio: a guide" not in ja_html


def test_the_browser_language_never_chooses_the_edition(get, client):
    """A link is a link: Accept-Language neither redirects nor changes the root's language."""
    for path in ("/", "/result/?goal=cancel&service=data&sim=esim&date=2026-10-20"):
        response = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert not response["Location"].startswith("/en/")
        else:
            assert '<html lang="ja">' in response.content.decode()
    assert (
        '<html lang="en">' in client.get("/en/", headers={"Accept-Language": "ja"}).content.decode()
    )


@pytest.mark.parametrize("name", ["step with answers", "check", "result", "destinations"])
def test_each_page_links_to_the_other_edition_with_its_answers(get, name):
    english = get("/en" + PAGES[name])
    here = _final_path(english)
    path, query = urlsplit(here).path, urlsplit(here).query
    html = english.content.decode()

    switch = re.search(r'<a id="language-switch"[^>]*href="([^"]+)"[^>]*hreflang="ja"', html)
    assert switch, "no link to the Japanese edition"
    target = switch.group(1).replace("&amp;", "&")
    assert target == path.removeprefix("/en") + (f"?{query}" if query else "")
    japanese = get(target)
    assert japanese.status_code == 200
    assert '<html lang="ja">' in japanese.content.decode()
    back = re.search(r'<a id="language-switch"[^>]*href="([^"]+)"', japanese.content.decode())
    assert back.group(1).replace("&amp;", "&") == here


@pytest.mark.parametrize("name", ["start", "check", "result"])
def test_the_head_lists_both_editions_and_japanese_as_the_default(get, name):
    english = get("/en" + PAGES[name])
    here = _final_path(english)
    alternates = dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">',
            english.content.decode().replace("&amp;", "&"),
        )
    )
    assert set(alternates) == {"ja", "en", "x-default"}
    assert alternates["en"] == "http://testserver" + here
    assert (
        alternates["ja"]
        == alternates["x-default"]
        == "http://testserver" + here.removeprefix("/en")
    )


def test_an_htmx_step_swaps_the_language_link_with_the_main_region(get):
    fragment = get("/en" + PAGES["step with answers"], HTMX).content.decode()
    assert "<html" not in fragment
    switch = re.search(r'<a id="language-switch"[^>]*>', fragment).group(0)
    assert 'data-hx-swap-oob="true"' in switch
    assert 'href="/q/date/?service=voice' in switch


@pytest.mark.parametrize("name", PAGES)
def test_english_pages_are_written_in_english(get, name):
    """Japanese only in bracketed terms and the parts marked lang="ja" (the postal address, a
    source's own title, the link to the Japanese edition): the result's facts and the help
    pages included."""
    html = get("/en" + PAGES[name]).content.decode()
    body = MARKED_JAPANESE.sub(" ", html[html.index("<body") :])
    assert not _japanese_left(_visible(body)), _visible(body)


def test_the_share_link_of_an_english_result_opens_in_english(get, client):
    page = get("/en" + PAGES["result"])
    html = page.content.decode()
    share = re.search(r'value="(http://testserver/en/result/\?[^"]+)"', html)
    assert share, "no English share link"
    client.cookies.clear()
    fresh = client.get(share.group(1).replace("&amp;", "&"))
    assert fresh.status_code == 200
    assert '<html lang="en">' in fresh.content.decode()
    assert re.search(r'href="/result\.json\?[^"]*lang=en', html)
    assert re.search(r'href="/result\.ics\?[^"]*lang=en', html)


def test_a_result_page_is_cached_per_language(get):
    english = get("/en" + PAGES["result"]).content.decode()
    japanese = get(PAGES["result"]).content.decode()
    again = get("/en" + PAGES["result"]).content.decode()
    assert '<html lang="en">' in english and '<html lang="en">' in again
    assert '<html lang="ja">' in japanese


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", ("2027年8月31日(火)", "1,980円(税込)", "1,000円(不課税)", "2027年8月", "1,980円")),
        (
            "en",
            ("Tue 31 Aug 2027", "¥1,980 (incl. tax)", "¥1,000 (not taxed)", "Aug 2027", "¥1,980"),
        ),
    ],
)
def test_the_filters_write_dates_and_amounts_in_the_language_of_the_page(language, expected):
    day = datetime.date(2027, 8, 31)
    with translation.override(language):
        written = (jdate(day), yen(1980), yen(1000, "none"), jmonth(day), yen_plain(1980))
    assert written == expected


def test_times_and_zones_are_named_in_english():
    moment = datetime.datetime(2027, 8, 31, 23, 59, tzinfo=ZoneInfo("Asia/Tokyo"))
    with translation.override("en"):
        assert jdatetime(moment) == "Tue 31 Aug 2027 23:59"
        assert zone_name("America/Los_Angeles") == "US West (Los Angeles, Seattle)"
        assert zone_name("Pacific/Kiritimati") == "Kiritimati"
    with translation.override("ja"):
        assert zone_name("America/Los_Angeles") == "アメリカ西部(ロサンゼルス、シアトル)"


def test_the_english_page_shows_the_editors_english_name_or_else_the_japanese(get):
    step = get("/en/q/plan/?service=voice&holder=personal&goal=cancel&sim=physical&lines=1")
    assert "Giga Plan 5GB (¥990 a month)" in step.content.decode()
    assert (
        "ギガプラン 5GB"
        in get(
            "/q/plan/?service=voice&holder=personal&goal=cancel&sim=physical&lines=1"
        ).content.decode()
    )

    for giga in Plan.objects.filter(code="giga-5gb"):  # as an editor saves it: a new version
        giga.name_en = ""
        giga.save()
    step = get("/en/q/plan/?service=voice&holder=personal&goal=cancel&sim=physical&lines=1")
    assert "ギガプラン 5GB (¥990 a month)" in step.content.decode()

    destinations = get("/en/destinations/").content.decode()
    assert "Rakuten Mobile" in destinations and "楽天モバイル" not in destinations
    assert Carrier.objects.get(code="rakuten").name == "楽天モバイル"


def test_the_admin_stays_japanese_and_unprefixed(client, editor):
    client.force_login(editor)
    assert client.get("/en/admin/").status_code == 404
    page = client.get("/admin/kaiyaku/plan/", headers={"Accept-Language": "en"})
    assert '<html lang="ja"' in page.content.decode()
    form = client.get(
        f"/admin/kaiyaku/plan/{Plan.objects.get(code='giga-5gb', valid_from=None).pk}/change/"
    ).content.decode()
    assert 'name="name_en"' in form and 'name="note_en"' in form


def test_the_json_and_the_calendar_speak_the_language_asked_for(client, seeded, wizard_today):
    query = {**ESIM_PORT_OUT}
    japanese = json.loads(client.get("/result.json", query).content)
    english = json.loads(client.get("/result.json", {**query, "lang": "en"}).content)

    assert japanese["answers"]["lang"] == "ja" and english["answers"]["lang"] == "en"
    assert japanese["dates"] == english["dates"]
    assert JAPANESE.search(json.dumps(japanese["checklist"], ensure_ascii=False))
    labels = [i["label"] for i in english["costs"]["items"]]
    assert labels and all(label for label in labels)

    ics = client.get("/result.ics", {**query, "lang": "en"}).content.decode()
    assert "URL:http://testserver/en/result/?" in ics.replace("\r\n ", "")
    ja_ics = client.get("/result.ics", query).content.decode()
    assert "URL:http://testserver/result/?" in ja_ics.replace("\r\n ", "")


def test_a_name_with_its_own_brackets_is_not_bracketed_again(client, seeded, wizard_today):
    # The postage method's English name carries the Japanese term in brackets (R6.4).
    query = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-27"}
    english = json.loads(client.get("/result.json", {**query, "lang": "en"}).content)

    postage = next(i for i in english["costs"]["items"] if i["code"] == "postage")

    assert postage["label"] == "Postage for returning the SIM: Simple registered mail (簡易書留)"


@pytest.mark.parametrize("bad", ["fr", "EN", "english"])
def test_an_unknown_language_is_an_answer_error_naming_the_field(client, seeded, wizard_today, bad):
    for path in ("/result.json", "/result.ics"):
        response = client.get(path, {**ESIM_PORT_OUT, "lang": bad})
        assert response.status_code == 400
        assert list(json.loads(response.content)["errors"]) == ["lang"]


def test_lang_given_twice_is_an_error(client, seeded, wizard_today):
    response = client.get(
        "/result.json?"
        + "&".join(f"{k}={v}" for k, v in ESIM_PORT_OUT.items())
        + "&lang=en&lang=ja"
    )
    assert response.status_code == 400
    assert "lang" in json.loads(response.content)["errors"]


def test_answer_errors_are_in_english_for_lang_en(client, seeded, wizard_today):
    response = client.get("/result.json", {**ESIM_PORT_OUT, "sim": "paper", "lang": "en"})
    assert response.status_code == 400
    (message,) = json.loads(response.content)["errors"]["sim"]
    assert message == "“paper” cannot be chosen for the SIM form. Choose one from the list."

    page = client.get("/en/result/", {**ESIM_PORT_OUT, "date": "2026-02-30"})
    assert page.status_code == 400
    assert "There is no date 2026-02-30." in page.content.decode()


def test_the_server_error_page_is_in_the_language_of_its_url(rf):
    from django.views.defaults import server_error

    with translation.override("en"):
        page = server_error(rf.get("/en/result/")).content.decode()
    assert '<html lang="en">' in page
    assert "We cannot show this page right now" in page
    assert 'href="/en/"' in page
    assert not _japanese_left(_visible(page[page.index("<body") :]))
    with translation.override("ja"):
        assert '<html lang="ja">' in server_error(rf.get("/result/")).content.decode()
