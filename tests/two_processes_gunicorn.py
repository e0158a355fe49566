"""gunicorn's settings for tests/test_two_processes.py: kaiyaku's own (kaiyaku/gunicorn.py), with
each worker's clock set to the moment the test names (TESTS_NOW, an ISO datetime) and running on
from there, so the servers, separate processes that no fixture reaches, answer the same whatever
day the test runs."""

import datetime
import os

import time_machine

from kaiyaku.gunicorn import *  # noqa: F403


def post_worker_init(worker):
    now = datetime.datetime.fromisoformat(os.environ["TESTS_NOW"])
    time_machine.travel(now, tick=True).start()
