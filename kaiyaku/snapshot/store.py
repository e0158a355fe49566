"""The snapshot of the data in force (kaiyaku.snapshot.shapes), built from the database and kept.

`get_snapshot()` is the only entry point. It costs one cheap query per call (the DataVersion row)
and, when the data changed or the process has no snapshot yet, one more: every row of the eight
data tables comes back in a single `UNION ALL` of `JSONObject(...)` annotations, one branch per
model, and each value is turned back into Python with its model field's `to_python`. So building a
snapshot is two queries whatever the number of carriers, plans or fees.

The snapshot is kept in Django's cache (local memory, or the Redis every app server shares) under
the DataVersion row's (number, changed_at), and each process keeps the one it last read. The row
is bumped in the database by every save or delete of a datum (`kaiyaku.versioning`), so an edit
made in one process or on another machine is seen by every process on its next call, and the
snapshot of the new version is built once and then shared. Keying on `changed_at` too means a
test whose transaction was rolled back (same number, different time) cannot be served a snapshot
built from data it never had.
"""

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import JSONObject

from .. import models
from ..integrity import ONE_DAY
from ..preview import previewing
from .shapes import (
    Carrier,
    Fact,
    Fee,
    Option,
    Plan,
    Postage,
    ReturnAddress,
    Snapshot,
    TaxRate,
    column,
    within,
)

VERSION_TIMEOUT = 24 * 3600  # what is kept of a version nobody asks for any more leaves the cache


# Snapshot class per model; the fields copied are those the dataclass declares.
_SHAPES = {
    models.Carrier: Carrier,
    models.Plan: Plan,
    models.Fee: Fee,
    models.Option: Option,
    models.ReturnAddress: ReturnAddress,
    models.PostageMethod: Postage,
    models.TaxRate: TaxRate,
    models.Fact: Fact,
}


def _columns(model):
    """Concrete columns to fetch: attname → field (carrier_id for the carrier FK)."""
    return {f.attname: f for f in model._meta.concrete_fields}


# PostgreSQL passes at most 100 arguments to a function, so JSONB_BUILD_OBJECT takes at most 50
# columns (a name and a value each); a wider table comes back in several objects, joined here.
MAX_COLUMNS_PER_OBJECT = 50


def _column_groups(model):
    names = list(_columns(model))
    return [
        names[i : i + MAX_COLUMNS_PER_OBJECT] for i in range(0, len(names), MAX_COLUMNS_PER_OBJECT)
    ]


def _data_parts():
    """How many JSON objects each row comes in: the same for every branch of the UNION."""
    return max(len(_column_groups(model)) for model in _SHAPES)


def _rows_query():
    parts = _data_parts()
    branches = []
    for model in _SHAPES:
        groups = _column_groups(model)
        # A narrower table repeats its first group, so every branch has as many objects.
        groups += [groups[0]] * (parts - len(groups))
        objects = {
            f"_data{i}": JSONObject(**{name: F(name) for name in group})
            for i, group in enumerate(groups)
        }
        branches.append(
            model.objects.order_by()
            .annotate(_model=Value(model._meta.model_name, output_field=CharField()), **objects)
            .values("_model", *objects)
        )
    first, *rest = branches
    return first.union(*rest, all=True).order_by()


def from_json(field, value):
    """A column's value as JSONObject returned it, back in the field's Python type."""
    value = field.to_python(value)
    # JSON carries decimals as numbers (floats once parsed): back to the column's exact scale.
    if isinstance(value, Decimal) and field.decimal_places is not None:
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
    # SQLite keeps datetimes as naive UTC text; the JSON round trip loses the column converter.
    if isinstance(value, datetime.datetime) and settings.USE_TZ and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def _build(version, *, drafts=False):
    by_name = {model._meta.model_name: model for model in _SHAPES}
    raw = {model: [] for model in _SHAPES}
    parts = _data_parts()
    for row in _rows_query():
        model = by_name[row["_model"]]
        data = {}
        for i in range(parts):
            data.update(row[f"_data{i}"])
        columns = _columns(model)
        raw[model].append({name: from_json(columns[name], data[name]) for name in columns})
    return build_from_rows(version, raw, drafts=drafts)


def build_from_rows(version, raw, *, drafts=False):
    """A snapshot from column values per model ({model: [{attname: value}]}), wherever they came
    from: the live tables, or the edit history as it stood at some moment (figure_changes).

    Drafts are left out (the public never sees them), unless `drafts`: an editor's preview, with
    every draft as it will be once published (the period it replaces ending the day before).
    """
    raw = {model: published(model, rows, drafts=drafts) for model, rows in raw.items()}
    carrier_codes = {row["id"]: row["code"] for row in raw[models.Carrier]}

    def convert(model, row):
        shape = _SHAPES[model]
        record = model(**row)  # unsaved, only to reuse the model's own derived values
        values = {
            "source": row["source"],
            "status": row["status"],
            "as_of": record.as_of,
        }
        for name in shape.__dataclass_fields__:
            if name in values:
                continue
            if name == "carrier":
                values[name] = carrier_codes[row["carrier_id"]]
            elif name == "services":
                values[name] = tuple(record.service_list)
            else:
                values[name] = row[column(name)]
        return shape(**values)

    def sort_key(model):
        return {
            models.Carrier: lambda c: (c.sort_order, c.code),
            models.Plan: lambda p: (p.carrier, p.kind, p.monthly_price, p.code),
            models.Fee: lambda f: (f.carrier, f.code, f.valid_from or datetime.date.min),
            models.Option: lambda o: (
                o.carrier,
                o.ends_with_line,
                o.code,
                o.valid_from or datetime.date.min,
            ),
            models.ReturnAddress: lambda a: (a.carrier, a.valid_from or datetime.date.min),
            models.PostageMethod: lambda p: (p.price, p.code, p.valid_from or datetime.date.min),
            models.TaxRate: lambda t: t.valid_from or datetime.date.min,
            models.Fact: lambda f: (f.code, f.valid_from or datetime.date.min),
        }[model]

    converted = {
        model: tuple(sorted((convert(model, r) for r in rows), key=sort_key(model)))
        for model, rows in raw.items()
    }
    return Snapshot(
        version=version,
        carriers=converted[models.Carrier],
        plans=converted[models.Plan],
        fees=converted[models.Fee],
        options=converted[models.Option],
        return_addresses=converted[models.ReturnAddress],
        postage=converted[models.PostageMethod],
        tax_rates=converted[models.TaxRate],
        facts=converted[models.Fact],
    )


def published(model, rows, *, drafts=False):
    """The rows the public sees; with `drafts`, the rows as they will be once all are published."""
    if not issubclass(model, models.Dated):
        return rows
    if not drafts:
        return [row for row in rows if not row.get("draft")]
    rows = [dict(row) for row in rows]
    for new in (row for row in rows if row.get("draft") and row["valid_from"]):
        for old in rows:
            if (
                not old.get("draft")
                and all(old[key] == new[key] for key in model.PERIOD_KEY)
                and within(new["valid_from"], old["valid_from"], old["valid_to"])
                and (old["valid_from"] or datetime.date.min) < new["valid_from"]
            ):
                old["valid_to"] = new["valid_from"] - ONE_DAY
    return rows


def data_version():
    """(number, changed_at) of the DataVersion row: what every cache of the data is keyed on.

    One plain read, since it runs on every request (a cached result page needs nothing more).
    """
    table = connection.ops.quote_name(models.DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return tuple(row) if row else (0, None)


def version_key(version):
    """The data version as text without spaces, for cache keys and ETags."""
    number, changed_at = version
    return f"{number}:{changed_at}".replace(" ", "T")


def get_snapshot() -> Snapshot:
    """The data in force now: one query for the version, and that version's snapshot.

    During an editor's preview (kaiyaku.preview), the data with the drafts published.
    """
    return snapshot_at(data_version(), drafts=previewing() is not None)


@functools.lru_cache(maxsize=4)
def snapshot_at(version, drafts=False) -> Snapshot:
    """The snapshot of a data version, taken from Django's cache (built and put there by the first
    process that needs it) once per process: a version's data never changes, and unpickling the
    snapshot on every request, or fetching it from Redis, cost more than planning a result."""
    name = "snapshot:drafts" if drafts else "snapshot"
    return kept_for_version(name, version, lambda: _build(version, drafts=drafts))


def kept_for_version(name, version, build):
    """What `build()` makes of the data at `version`, kept in Django's cache under that version:
    built by the first process (of any app server) that needs it, read by the others."""
    key = f"kaiyaku:{name}:{version_key(version)}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, VERSION_TIMEOUT)
    return value
