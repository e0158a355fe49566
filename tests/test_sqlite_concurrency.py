"""Two editors saving at the same instant on SQLite: the second waits, neither fails (item 4).

With SQLite's default deferred transactions, a transaction that has read and then wants to write
while another holds the write lock fails at once with "database is locked", whatever the busy
timeout. The settings begin every transaction IMMEDIATE (taking the write lock first, so the
second one queues for it) and run the file in WAL mode (readers never wait for the writer).
"""

import contextlib
import threading

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

# Run whatever the test database is (PostgreSQL in CI's second pass): SQLite's own file.
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": settings.SQLITE_OPTIONS}


def test_sqlite_runs_in_wal_with_immediate_transactions_and_a_busy_timeout():
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert settings.SQLITE_OPTIONS["timeout"] >= 5
    assert "journal_mode=WAL" in settings.SQLITE_OPTIONS["init_command"]
    default = settings.DATABASES["default"]
    if default["ENGINE"] == SQLITE["ENGINE"]:
        assert default["OPTIONS"] == settings.SQLITE_OPTIONS


@pytest.fixture
def connect(tmp_path, django_db_blocker):
    """connect() → a Django connection to one shared SQLite file, set up as the site's are."""
    path = tmp_path / "db.sqlite3"
    opened = []

    def make():
        wrapper = DatabaseWrapper(
            {**settings.DATABASES["default"], **SQLITE, "NAME": str(path)}, alias="editor"
        )
        wrapper.inc_thread_sharing()  # made in an editor's thread, closed by the fixture
        opened.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():
        setup = make()
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE fee (id integer primary key, amount integer)")
            cursor.execute("INSERT INTO fee VALUES (1, 0), (2, 0)")
            cursor.execute("PRAGMA journal_mode")
            make.journal_mode = cursor.fetchone()[0]
        yield make
        for wrapper in opened:
            wrapper.close()


@contextlib.contextmanager
def transaction(wrapper):
    """What transaction.atomic() does on an outermost block, for a connection of our own."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
        wrapper.commit()
    except BaseException:
        wrapper.rollback()
        raise
    finally:
        wrapper.set_autocommit(True)


def test_the_database_file_is_in_wal_mode(connect):
    assert connect.journal_mode == "wal"


def test_a_save_that_meets_another_in_progress_waits_for_it(connect):
    failures = []
    has_read = threading.Event()

    def other_editor():
        second = connect()
        try:
            with transaction(second), second.cursor() as cursor:
                cursor.execute("SELECT amount FROM fee WHERE id = 2")
                has_read.set()
                cursor.execute("UPDATE fee SET amount = 2 WHERE id = 2")
        except Exception as exc:
            failures.append(exc)
        finally:
            has_read.set()

    first = connect()
    with transaction(first), first.cursor() as cursor:
        cursor.execute("SELECT amount FROM fee WHERE id = 1")
        cursor.execute("UPDATE fee SET amount = 1 WHERE id = 1")
        thread = threading.Thread(target=other_editor)
        thread.start()
        # Deferred, the other save reads at once and then fails on its write; immediate, it
        # waits at BEGIN until this one commits. Either way this save commits after a moment.
        has_read.wait(timeout=0.5)
    thread.join()

    assert failures == []
    with first.cursor() as cursor:
        cursor.execute("SELECT id, amount FROM fee ORDER BY id")
        assert cursor.fetchall() == [(1, 1), (2, 2)]
