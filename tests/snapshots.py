"""The planner's input built straight from the fixtures, without the database.

`make_snapshot()` reads fixtures/*.json as `manage.py seed` would load them and turns each record
into the value `kaiyaku.snapshot.store` would build from the seeded database: each field through its
model field's `to_python`, derived values (`as_of`, `services`) through an unsaved model instance,
in the same order. tests/test_snapshot.py checks the two are equal, so they cannot drift apart.
Rule tests that use it run in milliseconds and need no database.
"""

import dataclasses
import datetime
import functools
import json
from decimal import Decimal
from pathlib import Path

from django.apps import apps

from kaiyaku.snapshot import shapes

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("*.json"))

# Fixture model label → (Snapshot field, record shape, order kaiyaku.snapshot.store gives them).
COLLECTIONS = {
    "kaiyaku.carrier": ("carriers", shapes.Carrier, lambda c: (c.sort_order, c.code)),
    "kaiyaku.plan": ("plans", shapes.Plan, lambda p: (p.carrier, p.kind, p.monthly_price, p.code)),
    "kaiyaku.fee": (
        "fees",
        shapes.Fee,
        lambda f: (f.carrier, f.code, f.valid_from or datetime.date.min),
    ),
    "kaiyaku.option": ("options", shapes.Option, lambda o: (o.carrier, o.ends_with_line, o.code)),
    "kaiyaku.returnaddress": (
        "return_addresses",
        shapes.ReturnAddress,
        lambda a: (a.carrier, a.valid_from or datetime.date.min),
    ),
    "kaiyaku.postagemethod": (
        "postage",
        shapes.Postage,
        lambda p: (p.price, p.code, p.valid_from or datetime.date.min),
    ),
    "kaiyaku.taxrate": ("tax_rates", shapes.TaxRate, lambda t: t.valid_from or datetime.date.min),
    "kaiyaku.fact": ("facts", shapes.Fact, lambda f: (f.code, f.valid_from or datetime.date.min)),
}
NO_DATA_VERSION = (0, None)  # what kaiyaku.snapshot.store.data_version() gives before any edit


def _python(field, value):
    value = field.to_python(value)
    if isinstance(value, Decimal) and field.decimal_places is not None:
        value = value.quantize(Decimal(1).scaleb(-field.decimal_places))  # the column's scale
    return value


def _record(label, fields):
    """One fixture record as its snapshot shape (a frozen dataclass)."""
    _, shape, _ = COLLECTIONS[label]
    model = apps.get_model(label)
    carrier = fields.get("carrier")
    instance = model(
        **{
            field.attname: _python(field, fields[field.name])
            for field in model._meta.concrete_fields
            if field.name in fields and not field.is_relation
        }
    )
    derived = {
        "as_of": instance.as_of,
        "carrier": carrier[0] if carrier else None,  # fixtures name the carrier by its code
        "services": tuple(getattr(instance, "service_list", ())),
    }
    return shape(
        **{
            name: derived[name] if name in derived else getattr(instance, shapes.column(name))
            for name in shape.__dataclass_fields__
        }
    )


@functools.cache
def _seeded():
    records = {label: [] for label in COLLECTIONS}
    for path in FIXTURES:
        for item in json.loads(path.read_text(encoding="utf-8")):
            records[item["model"]].append(_record(item["model"], item["fields"]))
    return {
        name: tuple(sorted(records[label], key=order))
        for label, (name, _, order) in COLLECTIONS.items()
    }


def make_snapshot(**changes):
    """The seeded data as the planner sees it, with `changes` to some of it.

    A change names a collection of the snapshot (carriers, plans, fees, options,
    return_addresses, postage, tax_rates, facts) and gives either the whole new tuple of records, or
    {code: {field: value}} to change every record with that code (a fee's periods alike):

        make_snapshot(fees={"min_term_voice": {"contracted_to": datetime.date(2026, 9, 30)}})
    """
    collections = dict(_seeded())
    for name, change in changes.items():
        if name not in collections:
            raise TypeError(f"make_snapshot() has no collection {name!r}")
        if isinstance(change, dict):
            unknown = set(change) - {getattr(r, "code", None) for r in collections[name]}
            if unknown:
                raise ValueError(f"no {name} with code {', '.join(sorted(unknown))}")
            change = tuple(
                dataclasses.replace(record, **change[record.code])
                if getattr(record, "code", None) in change
                else record
                for record in collections[name]
            )
        collections[name] = tuple(change)
    return shapes.Snapshot(version=NO_DATA_VERSION, **collections)
