"""/healthz: what a load balancer or container runtime asks to know the site can serve.

Each check touches what a page needs: the database file itself (for SQLite: that it exists, and
that the write lock can be taken, so a locked or read-only file fails), then the data (exactly one
source carrier, a tax rate for every date the answers accept). The answer names the check that
failed, with 503.
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import integrity
from .models import DataVersion
from .snapshot.store import get_snapshot

logger = logging.getLogger(__name__)
# A health probe waits this long for SQLite's write lock, not the pages' busy timeout.
PROBE_TIMEOUT_MS = 1000


def sqlite_file(name):
    """The file an SQLite NAME opens, or None for an in-memory database."""
    name = str(name)
    if name == ":memory:" or name == "":
        return None
    if name.startswith("file:"):
        parts = urlsplit(name)
        if "mode=memory" in parts.query or parts.path.startswith("memorydb"):
            return None
        return Path(parts.path)
    return Path(name)


def database_problem(connection):
    """None when the database can be read and written now, else what is wrong."""
    if connection.vendor == "sqlite":
        path = sqlite_file(connection.settings_dict["NAME"])
        # Checked before connecting: opening a missing file would create an empty database.
        if path is not None and not path.is_file():
            return "missing"
    try:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(DataVersion._meta.db_table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            cursor.fetchone()
            if connection.vendor == "sqlite":
                _sqlite_write_probe(cursor, table)
    except Exception as exc:  # any database failure means "not healthy"
        logger.warning("healthz: database check failed: %s", exc)
        message = str(exc).lower()
        if "locked" in message or "busy" in message:
            return "locked"
        if "readonly" in message or "read-only" in message:
            return "read-only"
        return exc.__class__.__name__
    return None


def _sqlite_write_probe(cursor, table):
    """Take the write lock with a no-op update inside a savepoint, then roll it back.

    A savepoint works alike inside a transaction and outside one (where it begins one).
    """
    cursor.execute("PRAGMA busy_timeout")
    (busy,) = cursor.fetchone()
    cursor.execute(f"PRAGMA busy_timeout = {PROBE_TIMEOUT_MS}")
    try:
        cursor.execute("SAVEPOINT kaiyaku_healthz")
        try:
            cursor.execute(f"UPDATE {table} SET number = number WHERE id = 1")
        finally:
            cursor.execute("ROLLBACK TO kaiyaku_healthz")
            cursor.execute("RELEASE kaiyaku_healthz")
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy)}")


def data_problems():
    try:
        return integrity.problems(get_snapshot())
    except Exception as exc:  # a snapshot that cannot even be built
        logger.warning("healthz: data check failed: %s", exc)
        return {"snapshot": exc.__class__.__name__}


@require_safe
@never_cache
def healthz(request):
    database = database_problem(connections[DEFAULT_DB_ALIAS])
    body = {"status": "ok", "database": database or "ok", "data": "ok"}
    if database is None:
        data = data_problems()
        if data:
            body["data"] = data
    else:
        body["data"] = "not checked"
    healthy = database is None and body["data"] == "ok"
    if not healthy:
        body["status"] = "error"
    return JsonResponse(
        body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False}
    )
