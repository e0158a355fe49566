"""Check your answers: every answer with a change link that comes back here and keeps the rest."""

import html as html_lib
import re
from urllib.parse import parse_qsl, urlsplit

from tests.answer_sets import WIZARD_CANCEL as CANCEL
from tests.conftest import HTMX


def _links(response):
    return {
        m.group(2): html_lib.unescape(m.group(1))
        for m in re.finditer(
            r'<a href="([^"]+)" data-hx-get="[^"]+" id="change-([a-z_]+)"',
            response.content.decode(),
        )
    }


def test_the_check_page_lists_each_answer_a_person_gave(walk):
    response = walk(**CANCEL)
    html = response.content.decode()
    assert response.url.startswith("/check/?")
    assert "<title>回答の確認" in html
    for label in ("SIMの種類", "やめ方", "プラン", "予定日", "申し込む時刻", "契約者"):
        assert label in html
    assert "ギガプラン 5GB" in html
    assert "2026年10月27日(火)" in html  # dates read as dates, not as codes
    assert set(_links(response)) == set(response.asked)


def test_a_change_link_keeps_every_other_answer(walk):
    link = _links(walk(**CANCEL))["plan"]
    query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    assert urlsplit(link).path == "/q/plan/"
    assert query == {**CANCEL, "change": "1"}


def test_changing_an_answer_returns_to_the_check_page(client, walk):
    link = _links(walk(**CANCEL))["plan"]
    page = client.get(link)
    assert 'value="giga-5gb" checked' in page.content.decode()
    assert "回答の確認に戻る" in page.content.decode()
    query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    response = client.get("/q/plan/", {**query, "plan": "giga-20gb", "go": "1"})
    assert urlsplit(response["Location"]).path == "/check/"
    after = dict(parse_qsl(urlsplit(response["Location"]).query, keep_blank_values=True))
    assert after == {**CANCEL, "plan": "giga-20gb"}


def test_a_change_that_makes_a_new_question_relevant_asks_it_before_coming_back(client, walk):
    link = _links(walk(**CANCEL))["goal"]
    query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    to_dest = client.get("/q/goal/", {**query, "goal": "mnp", "go": "1"})
    parts = urlsplit(to_dest["Location"])
    assert parts.path == "/q/dest/"
    asked = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert "time" not in asked  # the time of day does not apply to a port-out
    back = client.get("/q/dest/", {**asked, "dest": "au", "go": "1"})
    assert urlsplit(back["Location"]).path == "/check/"
    final = dict(parse_qsl(urlsplit(back["Location"]).query, keep_blank_values=True))
    assert final["dest"] == "au"
    assert final["holder"] == "personal"


def test_the_check_page_links_to_the_canonical_result(walk):
    html = walk(**CANCEL).content.decode()
    link = html_lib.unescape(re.search(r'href="(/result/\?[^"]+)"', html).group(1))
    query = list(parse_qsl(urlsplit(link).query))
    names = [name for name, _ in query]
    assert names[-1] == "fig"
    assert names[:-1] == sorted(names[:-1])
    assert ("goal", "cancel") in query


def test_an_incomplete_check_page_sends_you_to_the_first_missing_question(client, seeded):
    response = client.get("/check/", {"service": "voice", "holder": "personal", "goal": "cancel"})
    assert response["Location"] == "/q/sim/?service=voice&holder=personal&goal=cancel"


def test_the_check_page_with_htmx_is_the_main_region_only(walk):
    html = walk(headers=HTMX, **CANCEL).content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<title>回答の確認")
