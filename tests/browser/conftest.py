"""Headless Debian Chromium through Playwright, against pytest-django's live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium. When it cannot start,
the browser tests are skipped with the reason, unless KAIYAKU_REQUIRE_BROWSER=1 (CI) makes that
a failure.
"""

import os

import pytest
from django.db import connections

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the tests
# make there (seeding, editing data) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason):
    if os.environ.get("KAIYAKU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KAIYAKU_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}")
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} and Playwright: {reason}")


@pytest.fixture(scope="module")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"Playwright is not installed ({exc})")
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    except Exception as exc:
        manager.stop()
        _unavailable(f"Chromium did not start ({exc})")
    yield browser
    # While Playwright's loop runs, Django keeps this thread's connections in a separate
    # (async-context) store; close them now, or they outlive the test database. Module scope
    # keeps the loop away from the test files that run after this one.
    connections.close_all()
    browser.close()
    manager.stop()


@pytest.fixture
def site(live_server, seeded, time_machine, monkeypatch):
    """The live site with "today" at 2026-10-20 10:00 JST on the server (it runs in this process).

    Static files are served as in production, by WhiteNoise from the collected, hashed files
    (`make static`): the live server's own static handler only knows unhashed names.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from tests.conftest import WIZARD_TODAY

    monkeypatch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
    time_machine.move_to(WIZARD_TODAY, tick=True)
    return live_server.url


@pytest.fixture
def axe(chromium):
    """check(page): axe-core's rules on the page as it stands, every violation listed on failure.

    axe runs as page script, which a context with JavaScript off cannot evaluate. For such a page
    the same URL is checked in a mirror context whose own scripts are blocked, so it is the
    no-JavaScript rendering that axe sees (GET URLs carry the whole state, error states too).
    """
    from axe_playwright_python.sync_playwright import Axe

    runner = Axe()
    mirror = {}

    def check(page):
        target = page
        if getattr(page, "js", True) is False:
            if "page" not in mirror:
                context = chromium.new_context()
                context.route("**/static/js/**", lambda route: route.abort())
                mirror["context"], mirror["page"] = context, context.new_page()
            target = mirror["page"]
            target.goto(page.url)
        results = runner.run(target)
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
            for v in results.response["violations"]
        ]
        assert not found, f"{page.url}\n" + "\n".join(found)
        return results

    yield check
    if "context" in mirror:
        mirror["context"].close()
