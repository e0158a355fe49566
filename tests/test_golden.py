"""The result as people get it stays the same through refactoring: a recorded golden copy.

The JSON of 5,000 varied answer sets, the calendar file of 200 and the HTML of 300 result pages
(with and without htmx) and 60 check pages were recorded from the site; each test asks the site
again and compares. A change that is meant to alter results re-records them, in its own commit
that says why:

    make golden        # KAIYAKU_UPDATE_GOLDEN=1 pytest tests/test_golden.py

Static file names carry a content hash and the CSP nonce changes per request: both are masked.
"""

import difflib
import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.answer_sets import varied_queries

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KAIYAKU_UPDATE_GOLDEN") == "1"
TODAY = "2026-11-25T12:00:00+09:00"
QUERIES = varied_queries(5000)
_STATIC = re.compile(r"/static/([\w/.-]+?)\.[0-9a-f]{12}\.(\w+)")
_NONCE = re.compile(r'nonce="[^"]*"')
# The calendar's SEQUENCE is the data's version number, which depends on how the test
# database was filled, not on the result.
_SEQUENCE = re.compile(r"^SEQUENCE:\d+$", re.MULTILINE)


def _mask(text):
    return _NONCE.sub('nonce="…"', _STATIC.sub(r"/static/\1.\2", text))


def _compare(name, current):
    """Compare {key: text} with the recorded file, or record it when updating."""
    path = GOLDEN / f"{name}.jsonl.gz"
    if UPDATE:
        lines = (
            json.dumps({"key": k, "text": t}, ensure_ascii=False) + "\n" for k, t in current.items()
        )
        # mtime=0: the same records give the same bytes, so git sees only real changes.
        with gzip.GzipFile(path, "wb", mtime=0) as out:
            out.write("".join(lines).encode())
        return
    with gzip.open(path, "rt", encoding="utf-8") as recorded_file:
        recorded = {row["key"]: row["text"] for row in map(json.loads, recorded_file)}
    assert list(current) == list(recorded), f"{name}: the recorded keys differ; run make golden"
    changed = [key for key in recorded if current[key] != recorded[key]]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(
            recorded[first].splitlines(),
            current[first].splitlines(),
            "recorded",
            "now",
            lineterm="",
        )
        pytest.fail(
            f"{name}: {len(changed)} of {len(recorded)} differ; first: {first}\n"
            + "\n".join(list(diff)[:80])
        )


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _pretty(body):
    return json.dumps(json.loads(body), ensure_ascii=False, indent=1, sort_keys=True)


def test_the_json_of_varied_answers_is_as_recorded(client, seeded, today):
    current = {}
    for query in QUERIES:
        response = client.get("/result.json", query)
        assert response.status_code == 200, (query, response.content[:500])
        current[urlencode(query)] = _pretty(response.content)
    _compare("results", current)


def test_the_calendar_files_are_as_recorded(client, seeded, today):
    current = {}
    for query in QUERIES[:200]:
        response = client.get("/result.ics", query)
        assert response.status_code == 200, query
        calendar = response.content.decode().replace("\r\n", "\n")
        current[urlencode(query)] = _SEQUENCE.sub("SEQUENCE:…", calendar)
    _compare("calendars", current)


def test_the_result_pages_are_as_recorded(client, seeded, today):
    current = {}
    for index, query in enumerate(QUERIES[:300]):
        headers = {"HX-Request": "true"} if index % 3 == 0 else {}
        response = client.get("/result/", query, follow=True, headers=headers)
        assert response.status_code == 200, query
        current[f"{urlencode(query)} htmx={bool(headers)}"] = _mask(response.content.decode())
    _compare("result_pages", current)


def test_the_check_pages_reached_from_results_are_as_recorded(client, seeded, today):
    current = {}
    for query in QUERIES[:60]:
        page = client.get("/result/", query, follow=True).content.decode()
        change = re.search(r'href="(/check/\?[^"]+)"', page).group(1).replace("&amp;", "&")
        response = client.get(change)
        assert response.status_code == 200, change
        current[urlencode(query)] = _mask(response.content.decode())
    _compare("check_pages", current)
