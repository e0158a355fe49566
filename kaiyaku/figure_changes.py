"""What changed in the data, and when: for /changes/ and for a shared result made earlier.

Two sources of change, both kept in the database already:
- dated records: a figure whose code has several periods changed on each later `valid_from`
  (簡易書留 404 → 434 on 2023-10-01, → 460 on 2024-10-01);
- the edit history (django-simple-history): an editor (or the seed) changing a figure's value.

A shared result carries `fig`, a hash of the figures it showed. To say which figures changed
since, the data is rebuilt as it stood after each change in the history, the same answers are
planned again on it, and the first earlier version whose hash matches is compared with today's.
A `fig` that matches no version says nothing.
"""

import datetime
import functools
import hashlib
import itertools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import CharField, F, Value
from django.db.models.functions import JSONObject
from django.utils import timezone

from . import models
from .planner import plan
from .planner.calendar import JST
from .result.words import word
from .snapshot.store import (
    build_from_rows,
    data_version,
    from_json,
    get_snapshot,
    kept_for_version,
)

# model → its figure fields (what a reader would call "the figure") and how each is written.
FIGURE_FIELDS = {
    models.Plan: {"monthly_price": "yen"},
    models.Fee: {"amount": "yen"},
    models.PostageMethod: {"price": "yen"},
    models.Option: {"monthly_price": "yen", "monthly_price_max": "yen"},
    models.TaxRate: {"rate_percent": "percent"},
    models.Fact: {"value": "text"},
    models.Carrier: {"mnp_days_required": "days", "mnp_number_valid_days": "days"},
}
# How many earlier versions of the data a shared link is compared with, newest first.
MAX_VERSIONS = 60


@dataclass(frozen=True)
class Figure:
    """A figure's value as stored, with what it counts (templates/changes/_figure.html words it)."""

    value: Any  # Decimal, int, str or None
    unit: str  # "yen" | "percent" | "days" | "text"
    tax_class: str = ""  # for yen: "excl" | "incl" | "none"


@dataclass(frozen=True)
class Change:
    """One figure that changed: from `old` to `new`, in effect from `effective`."""

    carrier: str  # the carrier's name, "" for figures of no carrier (postage, tax, facts)
    name: str | None  # the record's name; None for the tax rate, which has none
    field: str  # the figure's label (the model field's), "料金(税込)"
    old: Figure | None  # None when the figure is new
    new: Figure
    effective: datetime.date
    source: str
    status: str
    note: str
    by: str  # "period" (a dated record) or "edit" (the edit history)
    recorded: datetime.datetime  # when it entered the database, to order same-day changes

    @property
    def disputed(self):
        return self.status == models.Status.DISPUTED

    @property
    def anchor(self):
        """The id of its row on /changes/ and of its feed entry: stable, ASCII."""
        key = f"{self.by}:{self.carrier}:{self.name}:{self.field}:{self.effective}:{self.new}"
        return "change-" + hashlib.sha256(key.encode()).hexdigest()[:12]


def figure(record, field, unit):
    value = getattr(record, field)
    return Figure(None if value == "" else value, unit, getattr(record, "tax_class", ""))


def _change(model, record, carrier, field, old, new, by, effective, recorded):
    return Change(
        carrier=carrier or "",
        name=getattr(record, "name", None),
        field=str(model._meta.get_field(field).verbose_name),
        old=old,
        new=new,
        effective=effective,
        source=record.source,
        status=record.status,
        note=record.note,
        by=by,
        recorded=recorded,
    )


# Dated figures as the snapshot holds them (so /changes/ costs no query of its own for them).
DATED = {
    models.Plan: "plans",
    models.Fee: "fees",
    models.PostageMethod: "postage",
    models.TaxRate: "tax_rates",
    models.Fact: "facts",
}


def dated_changes(snapshot):
    """A change on every later period start of each dated figure (U1's postage rises)."""
    carriers = {c.code: c.name for c in snapshot.carriers}
    changes = []
    for model, name in DATED.items():
        fields = FIGURE_FIELDS[model]

        def family(record):
            return (getattr(record, "carrier", ""), getattr(record, "code", ""))

        records = sorted(
            getattr(snapshot, name), key=lambda r: (family(r), r.valid_from or datetime.date.min)
        )
        for _family, group in itertools.groupby(records, key=family):
            before = None
            for record in group:
                for field, unit in fields.items():
                    old = figure(before, field, unit) if before else None
                    new = figure(record, field, unit)
                    if record.valid_from and old != new:
                        start = datetime.datetime.combine(record.valid_from, datetime.time(), JST)
                        changes.append(
                            _change(
                                model,
                                record,
                                carriers.get(getattr(record, "carrier", None)),
                                field,
                                old,
                                new,
                                "period",
                                record.valid_from,
                                start,
                            )
                        )
                before = record
    return changes


HISTORY_COLUMNS = (
    "id",
    "history_id",
    "history_date",
    "history_type",
    "source",
    "status",
    "note",
    "name",
    "carrier_id",
    "tax_class",
)


def _history_rows():
    """Every history row of the figure models, in one UNION ALL query (as the snapshot does)."""
    branches = []
    for model, fields in FIGURE_FIELDS.items():
        historical = model.history.model
        present = {f.attname for f in historical._meta.concrete_fields}
        names = [n for n in (*HISTORY_COLUMNS, *fields) if n in present]
        branches.append(
            historical.objects.order_by()
            .annotate(
                _model=Value(model._meta.model_name, output_field=CharField()),
                _data=JSONObject(**{n: F(n) for n in names}),
            )
            .values("_model", "_data")
        )
    first, *rest = branches
    by_name = {model._meta.model_name: model for model in FIGURE_FIELDS}
    for row in first.union(*rest, all=True).order_by():
        model = by_name[row["_model"]]
        columns = {f.attname: f for f in model.history.model._meta.concrete_fields}
        values = {n: from_json(columns[n], v) for n, v in row["_data"].items()}
        yield model, SimpleNamespace(**values)


def edited_changes():
    """A change for every saved edit that moved a figure's value (editors' or the seed's)."""
    rows = sorted(_history_rows(), key=lambda pair: (pair[0]._meta.model_name, pair[1].id))
    carriers = {
        h.id: h.name
        for model, h in sorted(rows, key=lambda pair: pair[1].history_id)
        if model is models.Carrier
    }
    changes = []
    for (model, _id), records in itertools.groupby(rows, key=lambda p: (p[0], p[1].id)):
        fields = FIGURE_FIELDS[model]
        ordered = sorted((h for _m, h in records), key=lambda h: h.history_id)  # save order
        for before, after in itertools.pairwise(ordered):
            if after.history_type != "~":
                continue
            for field, unit in fields.items():
                old, new = figure(before, field, unit), figure(after, field, unit)
                if old != new:
                    changes.append(
                        _change(
                            model,
                            after,
                            carriers.get(getattr(after, "carrier_id", None)),
                            field,
                            old,
                            new,
                            "edit",
                            timezone.localdate(after.history_date, JST),
                            after.history_date,
                        )
                    )
    return changes


def all_changes():
    """Every dated change of a figure, newest first."""
    changes = dated_changes(get_snapshot()) + edited_changes()
    return sorted(changes, key=lambda c: (c.effective, c.recorded), reverse=True)


# -- a shared result against the data it was made with ---------------------------------------


@dataclass(frozen=True)
class ResultChange:
    """One line of a result that differs from when its link was made; words in templates."""

    label: str  # the line's title as the result page words it
    old: Any  # a CostItem, or a date when `day`; None when the line is new
    new: Any  # the same, None when today's result no longer has the line
    marked: bool = False  # 要確認 came or went on this line
    day: bool = False


def _moments(records):
    """Indexes after which the history is a whole version of the data: after each edit, and at
    the end of each run of records one `manage.py seed` added (never half-way through one)."""
    ends = []
    for i, record in enumerate(records):
        following = records[i + 1] if i + 1 < len(records) else None
        seeding = record.history_change_reason == "seeded" and record.history_type == "+"
        if (
            following is None
            or not seeding
            or following.history_change_reason != "seeded"
            or following.history_type != "+"
        ):
            ends.append(i)
    return ends


def past_snapshots():
    """The data as it stood after each of its latest changes, newest first."""
    return _past_snapshots_at(data_version())


@functools.lru_cache(maxsize=2)
def _past_snapshots_at(version):
    """Read from history once per data version: kept in Django's cache (shared by every app
    server) and, like the snapshot, once per process."""
    return kept_for_version("past-snapshots", version, _read_past_snapshots)


def _read_past_snapshots():
    records = sorted(
        ((model, h) for model in models.DATA_MODELS for h in model.history.all()),
        key=lambda pair: (pair[1].history_date, pair[1].history_id),
    )
    state = {model: {} for model in models.DATA_MODELS}
    ends = set(_moments([h for _model, h in records])[-MAX_VERSIONS:])
    snapshots = []
    for i, (model, h) in enumerate(records):
        if h.history_type == "-":
            state[model].pop(h.id, None)
        else:
            state[model][h.id] = {
                f.attname: getattr(h, f.attname) for f in model._meta.concrete_fields
            }
        if i in ends:
            snapshots.append(_snapshot_of(state, h.history_date))
    return tuple(s for s in reversed(snapshots) if s is not None)


def _snapshot_of(state, at):
    if not any(row["is_source"] for row in state[models.Carrier].values()):
        return None  # no carrier to leave: nothing could have been planned on it
    raw = {model: list(rows.values()) for model, rows in state.items()}
    return build_from_rows(("history", at), raw)


def _planned(answers, snapshot, now):
    """The result these answers had on an earlier version, or None if that version could not
    plan them (a destination or plan it did not have yet)."""
    try:
        return plan(answers, snapshot, now)
    except (AttributeError, KeyError, StopIteration, TypeError):
        return None


def since(answers, made_with, current, snapshot, now):
    """What differs in `current` from the result whose figures hash is `made_with`.

    None when `made_with` is today's hash or matches no earlier version of the data; else the
    lines that differ (possibly empty when only a warning came or went).
    """
    if made_with == current.figures_hash:
        return None
    for past in past_snapshots():
        earlier = _planned(answers, past, now)
        if earlier is not None and earlier.figures_hash == made_with:
            return compare(word(earlier, past.source), word(current, snapshot.source))
    return None


def compare(earlier, current):
    """The cost lines and checklist days of two worded results that differ, today's order."""
    changes = []
    old_items = {i.code: i for i in earlier.result.items}
    new_items = {i.code: i for i in current.result.items}
    labels = {i["code"]: i["label"] for i in earlier.items + current.items}
    for code in [*new_items, *(c for c in old_items if c not in new_items)]:
        before, after = old_items.get(code), new_items.get(code)
        marked = bool(before and after and before.disputed != after.disputed)
        if _amount(before) != _amount(after) or marked:
            changes.append(ResultChange(labels[code], before, after, marked=marked))
    old_steps = {c["code"]: c for c in earlier.checklist}
    for step in current.checklist:
        before = old_steps.get(step["code"])
        if before and before["due"] != step["due"]:
            changes.append(ResultChange(step["title"], before["due"], step["due"], day=True))
    return changes


def _amount(item):
    return (item.amount_yen, item.tax_class) if item else None
