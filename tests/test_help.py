"""Help pages: one per trouble the checklist links to, plus a short FAQ, in the site's own words."""

import re
from pathlib import Path

import pytest

from kaiyaku.models import Carrier
from kaiyaku.planner import conventions
from tests.conftest import page_text

# shared/ sits beside the repository, on a developer's machine and in CI alike.
ARTICLE = Path(__file__).resolve().parents[2] / "shared/seed/iijmio-kaiyaku-guide.ja.txt"
PLANNER_SLUGS = [
    conventions.HELP_LOGIN,
    conventions.HELP_CANCEL_MENU,
    conventions.HELP_MNP_NUMBER,
    conventions.HELP_COMPLETION_MAIL,
]
# Account lock is reached from the login page; 初期契約解除 (U6) from the start page and the FAQ.
SLUGS = [*PLANNER_SLUGS, "account-lock", "initial-cancellation"]


@pytest.mark.parametrize("slug", PLANNER_SLUGS)
def test_every_help_slug_the_planner_uses_has_a_page(client, seeded, slug):
    response = client.get(f"/help/{slug}/")
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_the_login_help_leads_to_the_account_lock_page(client, seeded):
    html = client.get("/help/login/").content.decode()
    assert 'href="/help/account-lock/"' in html
    assert client.get("/help/account-lock/").status_code == 200


def test_the_help_index_links_every_page_and_answers_common_questions(client, seeded):
    html = client.get("/help/").content.decode()
    for slug in SLUGS:
        assert f'href="/help/{slug}/"' in html
    assert "日割り" in html
    assert "eSIMのプロファイルはいつ消せばいいですか" in html


def test_help_pages_give_the_support_numbers_from_the_data(client, seeded):
    source = Carrier.objects.get(code="iijmio")
    source.support_phone = "0120-000-000"
    source.save()
    html = client.get("/help/cancel-menu/").content.decode()
    assert "0120-000-000" in html
    assert "毎週火曜23:00〜翌5:00" in html


def test_the_mnp_help_gives_the_issue_hours_from_the_data(client, seeded):
    html = client.get("/help/mnp-number/").content.decode()
    assert "9:00〜20:00" in html


def test_an_unknown_help_page_is_not_found(client, seeded):
    assert client.get("/help/everything/").status_code == 404


def test_no_page_repeats_a_sentence_of_the_source_article(client, seeded, wizard_today):
    # Facts carry over, sentences do not: no 20 characters in a row of ours are the article's.
    # shared/ stands beside the repository on every machine, CI included.
    assert ARTICLE.exists(), f"the source article is missing: {ARTICLE}"
    article = re.sub(r"\s+", "", ARTICLE.read_text())
    size = 20
    seen = {article[i : i + size] for i in range(len(article) - size)}
    pages = [
        "/",
        "/help/",
        *(f"/help/{slug}/" for slug in SLUGS),
        "/q/service/",
        "/changes/",
        "/request/",
    ]
    for page in pages:
        text = page_text(client.get(page).content.decode())
        text = re.sub(r"\s+", "", re.sub(r"https?://[\w./-]+", "", text))
        copied = [text[i : i + size] for i in range(len(text) - size) if text[i : i + size] in seen]
        assert not copied, (page, copied[:3])


@pytest.mark.parametrize("slug", SLUGS)
def test_a_help_page_swapped_in_by_htmx_is_its_main_region(client, seeded, slug):
    """The fuzz test found these answering 500: the partial lived in the parent template."""
    response = client.get(f"/help/{slug}/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "<h1>" in page
    assert "それでも解決しないとき" in page
