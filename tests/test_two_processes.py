"""Several machines: two app processes on one PostgreSQL and one Redis serve the same results, and
an editor's change made through one is seen by the other on its next request.

The servers run as `make run` runs them (gunicorn, DEBUG off), with one difference: their clock
starts at the tests' "today" (WIZARD_TODAY) and runs on (tests/two_processes_gunicorn.py), so
the test's answers mean the same on any day it runs. CI runs this file in a pass of its own
(.ci/run) with DATABASE_URL (PostgreSQL) and REDIS_URL set; other passes leave it out
(`-m "not two_processes"` in pyproject.toml).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import WIZARD_TODAY, admin_change_url, iijmio_fee

pytestmark = [pytest.mark.two_processes, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = (
    sys.executable,
    "-m",
    "gunicorn",
    "-c",
    "python:tests.two_processes_gunicorn",
    "kaiyaku.wsgi",
)
HOST = "kaiyaku.test"  # both servers are asked under one name, as behind a load balancer


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server:
    def __init__(self, env):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*GUNICORN, "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def wait_until_up(self):
        for _ in range(300):
            assert self.process.poll() is None, "the app server stopped before it was ready"
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail("the app server did not answer within 30 s")

    def get(self, path, host=None):
        request = urllib.request.Request(self.base + path, headers={"Host": host} if host else {})
        return self._open(request)

    def post(self, path, data):
        return self._open(
            urllib.request.Request(self.base + path, urllib.parse.urlencode(data).encode())
        )

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, path):
        _, _, html = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def servers(seeded):
    assert connection.vendor == "postgresql", "the two-process pass needs DATABASE_URL=postgres://…"
    assert settings.REDIS_URL, "the two-process pass needs REDIS_URL (a Redis both servers share)"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "two-processes-tests-only",
        "DJANGO_ALLOWED_HOSTS": f"127.0.0.1,{HOST}",
        "DJANGO_SECURE_COOKIES": "0",  # plain HTTP on loopback
        "DJANGO_LOG_LEVEL": "WARNING",
        "TESTS_NOW": WIZARD_TODAY,
    }
    pair = [Server(env), Server(env)]
    try:
        for server in pair:
            server.wait_until_up()
        yield pair
    finally:
        for server in pair:
            server.stop()


def test_two_servers_serve_the_same_result_and_see_each_others_edits(servers, editor, form_data):
    one, other = servers
    # Some weeks after the servers' "today" (WIZARD_TODAY): a cancellation still ahead.
    answers = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-12-01"}
    status, headers, _ = one.get("/result/?" + urllib.parse.urlencode(answers), HOST)
    assert status == 302
    permalink = headers["Location"]

    status, first_headers, first = one.get(permalink, HOST)
    assert status == 200
    assert "2,000円(不課税)" in first  # the SIM damage fee, from the data
    status, headers, same = other.get(permalink, HOST)
    assert status == 200
    assert same == first
    assert headers["ETag"] == first_headers["ETag"]

    editor.set_password("two-processes-pass")
    editor.save()
    one.post(
        "/admin/login/",
        {
            "username": "hanako",
            "password": "two-processes-pass",
            "csrfmiddlewaretoken": one.csrf_token("/admin/login/"),
        },
    )
    fee = iijmio_fee("sim_damage")
    change = admin_change_url(fee)
    form = form_data(fee, amount="2222", csrfmiddlewaretoken=one.csrf_token(change))
    status, _, body = one.post(change, form)
    assert status == 302, body[:2000]

    status, headers, seen = other.get(permalink, HOST)
    assert status == 200
    assert headers["ETag"] != first_headers["ETag"]
    assert "2,222円(不課税)" in seen
    assert "情報が更新されました" in seen
