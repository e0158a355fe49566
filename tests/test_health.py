"""/healthz: what a load balancer or container runtime asks to know the site can serve.

It touches the database file (missing, locked and read-only files fail, and a missing one is not
created) and checks the data the pages need, naming the check that failed (issue 12, items 2, 6).
"""

import sqlite3
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings
from django.urls import reverse

from kaiyaku import health
from kaiyaku.models import Carrier, DataVersion, TaxRate

pytestmark = pytest.mark.usefixtures("seeded")


def test_it_answers_200_and_json_when_the_database_and_data_are_sound(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "data": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute") as execute:
        execute.side_effect = OperationalError("connection refused")
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "OperationalError",
        "data": "not checked",
    }


def test_it_names_a_missing_source_carrier(client):
    Carrier.objects.update(is_source=False)  # as a raw edit outside the admin could

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert list(response.json()["data"]) == ["source_carrier"]


def test_it_names_two_source_carriers(client):
    Carrier.objects.filter(code="ahamo").update(is_source=True)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "2件" in response.json()["data"]["source_carrier"]


def test_it_names_the_dates_without_a_tax_rate(client, time_machine):
    time_machine.move_to("2026-06-01T12:00:00+09:00", tick=False)
    TaxRate.objects.filter(valid_to__isnull=True).update(valid_from="2022-01-01")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["data"] == {
        "tax_rates": "消費税率の決まっていない期間があります: 2019-10-01〜2021-12-31"
    }


@pytest.fixture
def sqlite_file(tmp_path):
    """A real SQLite file with the DataVersion table, and a Django connection to it."""
    path = tmp_path / "db.sqlite3"
    table = DataVersion._meta.db_table
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=WAL")  # as the site's connections leave it
        raw.execute(f"CREATE TABLE {table} (id integer primary key, number integer)")
        raw.execute(f"INSERT INTO {table} VALUES (1, 0)")
    raw.close()
    wrappers = []

    def connect(name=None):
        # SQLite whatever the test database is (PostgreSQL in CI's second pass).
        sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": settings.SQLITE_OPTIONS}
        wrapper = DatabaseWrapper(
            {**settings.DATABASES["default"], **sqlite, "NAME": name or str(path)},
            alias="probe",
        )
        wrappers.append(wrapper)
        return wrapper

    connect.path = path
    yield connect
    for wrapper in wrappers:
        wrapper.close()


def test_a_sound_database_file_passes(sqlite_file):
    assert health.database_problem(sqlite_file()) is None


def test_a_missing_file_fails_and_is_not_created(sqlite_file):
    missing = sqlite_file.path.with_name("gone.sqlite3")

    assert health.database_problem(sqlite_file(str(missing))) == "missing"
    assert not missing.exists()


def test_a_file_deleted_under_an_open_connection_fails(sqlite_file):
    wrapper = sqlite_file()
    assert health.database_problem(wrapper) is None

    sqlite_file.path.unlink()

    assert health.database_problem(wrapper) == "missing"


def test_a_locked_file_fails(sqlite_file):
    holder = sqlite3.connect(sqlite_file.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert health.database_problem(sqlite_file()) == "locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_file_fails(sqlite_file):
    read_only = f"file:{sqlite_file.path}?mode=ro"

    assert health.database_problem(sqlite_file(read_only)) == "read-only"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_is_not_redirected_to_https(client):
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 301


def test_it_only_answers_reads(client):
    assert client.post(reverse("healthz")).status_code == 405
