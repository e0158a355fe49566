"""Planner benchmark (`make bench-planner`): median time to plan one result, snapshot warm.

Runs against a fresh in-memory database seeded from fixtures/, so it needs no running site. It
also prints how many queries building the snapshot takes. Target: ≤ 1 ms median per result.
"""

import datetime
import io
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaiyaku.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kaiyaku.answers import parse_answers  # noqa: E402
from kaiyaku.planner import plan  # noqa: E402
from kaiyaku.snapshot.store import get_snapshot  # noqa: E402

ROUNDS = 200


def varied_queries():
    """Cancel and MNP across months, zones, SIM forms, lines, options, devices and fibre."""
    days = ["2019-09-20", "2021-03-31", "2025-10-28", "2025-10-31", "2026-03-31", "2026-12-31"]
    zones = ["Asia/Tokyo", "America/Los_Angeles"]
    for day, tz, sim, lines in itertools.product(days, zones, ["physical", "esim"], [1, 3]):
        yield {
            "goal": "cancel",
            "service": "voice",
            "sim": sim,
            "date": day,
            "time": "23:30",
            "tz": tz,
            "plan": "giga-5gb",
            "lines": str(lines),
            "started": "2019-08",
            "options": "tabuho,virusbuster",
            "hikari": "mansion",
            "device_left": "12000",
            "device_payoff": "monthly",
            "device_monthly": "2000",
        }
        yield {
            "goal": "mnp",
            "service": "voice",
            "sim": sim,
            "date": day,
            "tz": tz,
            "dest": "povo",
            "lines": str(lines),
            "holder": "minor",
        }


def main():
    call_command("migrate", verbosity=0)
    call_command("seed", stdout=io.StringIO())
    get_snapshot()  # the connection's one-off JSON support probe is not the snapshot's cost
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        snapshot = get_snapshot()
    answers = []
    for query in varied_queries():
        parsed, errors = parse_answers(query, snapshot)
        if errors:
            raise SystemExit(f"bench answers are invalid: {errors}")
        answers.append(parsed)
    now = datetime.datetime.now(datetime.UTC)
    timings = []
    for _ in range(ROUNDS):
        for one in answers:
            start = time.perf_counter()
            plan(one, snapshot, now)
            timings.append(time.perf_counter() - start)
    median_ms = statistics.median(timings) * 1000
    print(f"planner: {len(answers)} varied answers × {ROUNDS} rounds")
    print(f"planner: median {median_ms:.3f} ms per result (target ≤ 1 ms)")
    print(f"snapshot: built in {len(queries)} queries (version check + one UNION ALL)")


if __name__ == "__main__":
    main()
