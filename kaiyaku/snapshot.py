"""The data in force, as plain frozen Python values the planner can use without the ORM.

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
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.functions import JSONObject

from . import models
from .integrity import ONE_DAY, BrokenData, problems
from .languages import current
from .preview import previewing

MIN_TERM_FEE_PREFIX = "min_term"  # fixture codes: min_term_voice (R5.1)
VERSION_TIMEOUT = 24 * 3600  # what is kept of a version nobody asks for any more leaves the cache


class Localised:
    """Texts people read, in the page's language: `x` is the editors' English `x_en` on an
    English page, or the Japanese `x_ja` when it has none (or on a Japanese page)."""

    def in_language(self, name):
        if current() == "en":
            english = getattr(self, f"{name}_en")
            if english:
                return english
        return getattr(self, f"{name}_ja")


def localised(name):
    """The text `name` in the page's language, read from the fields `name_ja` / `name_en`."""
    return property(lambda self: self.in_language(name))


class Named(Localised):
    name = localised("name")


@dataclass(frozen=True)
class Sourced(Localised):
    """Provenance every datum carries (facts.md, Provenance)."""

    source: str
    status: str  # "confirmed" | "article" | "disputed"
    note_ja: str
    note_en: str
    as_of: datetime.date

    note = localised("note")

    @property
    def disputed(self):
        return self.status == models.Status.DISPUTED


@dataclass(frozen=True)
class Carrier(Named, Sourced):
    code: str
    name_ja: str
    name_en: str
    networks_ja: str
    networks_en: str
    is_source: bool
    is_destination: bool
    sort_order: int
    mnp_days_required: int | None
    mnp_one_stop: str  # "unverified" | "yes" | "no" (U4)
    mnp_one_stop_from: datetime.date | None
    esim_delivery_days: int | None
    card_delivery_days_min: int | None
    card_delivery_days_max: int | None
    mnp_number_valid_days: int | None
    mnp_issue_from: datetime.time | None
    mnp_issue_until: datetime.time | None
    maintenance_weekday: int | None
    maintenance_from: datetime.time | None
    maintenance_until: datetime.time | None
    nightly_from: datetime.time | None
    nightly_until: datetime.time | None
    member_page_url: str
    cancel_menu_ja: str
    cancel_menu_en: str
    mnp_menu_ja: str
    mnp_menu_en: str
    options_menu_ja: str
    options_menu_en: str
    support_phone: str
    support_hours_ja: str
    support_hours_en: str
    chat_hours_ja: str
    chat_hours_en: str
    support_busy_ja: str
    support_busy_en: str
    mail_reply_ja: str
    mail_reply_en: str
    mail_domains: str
    corporate_hours_ja: str
    corporate_hours_en: str
    corporate_documents_ja: str
    corporate_documents_en: str
    corporate_processing_ja: str
    corporate_processing_en: str

    networks = localised("networks")
    cancel_menu = localised("cancel_menu")
    mnp_menu = localised("mnp_menu")
    options_menu = localised("options_menu")
    support_hours = localised("support_hours")
    chat_hours = localised("chat_hours")
    support_busy = localised("support_busy")
    mail_reply = localised("mail_reply")
    corporate_hours = localised("corporate_hours")
    corporate_documents = localised("corporate_documents")
    corporate_processing = localised("corporate_processing")


@dataclass(frozen=True)
class Plan(Named, Sourced):
    carrier: str  # carrier code
    code: str
    name_ja: str
    name_en: str
    kind: str  # "mobile" | "fibre"
    data_gb: int | None  # None: unlimited
    monthly_price: Decimal
    price_note_ja: str
    price_note_en: str
    is_current: bool  # still offered to new customers
    tax_class: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    price_note = localised("price_note")

    def in_force(self, on):
        return _within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Fee(Named, Sourced):
    carrier: str
    code: str
    name_ja: str
    name_en: str
    amount: Decimal
    tax_class: str
    per_month: bool
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    contracted_from: datetime.date | None
    contracted_to: datetime.date | None
    services: tuple[str, ...]  # empty = every service
    term_months: int | None

    def in_force(self, on):
        return _within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Option(Named, Sourced):
    carrier: str
    code: str
    name_ja: str
    name_en: str
    monthly_price: Decimal
    tax_class: str
    ends_with_line: bool
    cancel_where: str
    cancel_url: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def in_force(self, on):
        return _within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class ReturnAddress(Sourced):
    carrier: str
    postcode: str
    address: str
    recipient: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


@dataclass(frozen=True)
class Postage(Named, Sourced):
    code: str
    name_ja: str
    name_en: str
    price: Decimal
    price_is_minimum: bool
    recommended: bool
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def in_force(self, on):
        return _within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class Fact(Named, Sourced):
    code: str
    name_ja: str
    name_en: str
    value_ja: str
    value_en: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    value = localised("value")

    def in_force(self, on):
        return _within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class TaxRate(Sourced):
    rate_percent: Decimal
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def multiplier(self):
        return 1 + self.rate_percent / Decimal(100)


def _within(on, start, end):
    return (start is None or start <= on) and (end is None or on <= end)


@dataclass(frozen=True)
class Snapshot:
    """Every datum the planner and the wizard need, in force at some version of the data."""

    version: tuple  # (DataVersion.number, DataVersion.changed_at)
    carriers: tuple[Carrier, ...]
    plans: tuple[Plan, ...]
    fees: tuple[Fee, ...]
    options: tuple[Option, ...]
    return_addresses: tuple[ReturnAddress, ...]
    postage: tuple[Postage, ...]
    tax_rates: tuple[TaxRate, ...]
    facts: tuple[Fact, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        sources = [c for c in self.carriers if c.is_source]
        source = sources[0] if len(sources) == 1 else None
        code = source.code if source else None
        self._index["source"] = source
        self._index["carrier"] = {c.code: c for c in self.carriers}
        self._index["plan"] = _versions(
            p for p in self.plans if p.carrier == code and p.kind == "mobile"
        )
        self._index["fibre"] = _versions(
            p for p in self.plans if p.carrier == code and p.kind == "fibre"
        )
        self._index["option"] = _versions(o for o in self.options if o.carrier == code)

    # -- carriers ---------------------------------------------------------------------------
    @property
    def source(self) -> Carrier:
        """The carrier people leave (IIJmio): exactly one, or the data is broken."""
        source = self._index["source"]
        if source is None:
            raise BrokenData(problems(self)["source_carrier"])
        return source

    @property
    def destinations(self) -> tuple[Carrier, ...]:
        return tuple(c for c in self.carriers if c.is_destination)

    def destination(self, code):
        carrier = self._index["carrier"].get(code)
        return carrier if carrier and carrier.is_destination else None

    def plans_of(self, carrier_code, on) -> tuple[Plan, ...]:
        """A carrier's mobile plans still offered, at their prices on `on`, cheapest first."""
        return tuple(
            p
            for p in self.plans
            if p.carrier == carrier_code and p.kind == "mobile" and p.is_current and p.in_force(on)
        )

    # -- plans and options of the source ----------------------------------------------------
    @property
    def mobile_plans(self) -> tuple[Plan, ...]:
        """One entry per plan code: its latest price (a choice in the wizard, not a charge)."""
        return tuple(versions[-1] for versions in self._index["plan"].values())

    def plan(self, code, on=None):
        """The plan `code` at the price in force on `on` (U2); its latest price without `on`."""
        return _version(self._index["plan"].get(code, ()), on)

    def fibre_plan(self, code, on=None):
        """IIJmio光 plans by hikari answer: "mansion" → hikari-mansion (R8.1)."""
        return _version(self._index["fibre"].get(f"hikari-{code}", ()), on)

    @property
    def continuing_options(self) -> tuple[Option, ...]:
        """Options that outlive the line and must be cancelled one by one (R8.3)."""
        latest = (versions[-1] for versions in self._index["option"].values())
        return tuple(o for o in latest if not o.ends_with_line)

    def option(self, code, on=None):
        """The option `code` at the price in force on `on`; its latest price without `on`."""
        return _version(self._index["option"].get(code, ()), on)

    # -- dated lookups ----------------------------------------------------------------------
    def fee(self, code, on):
        """The source carrier's fee `code` in force on date `on`, or None."""
        source = self.source.code
        return next(
            (f for f in self.fees if f.carrier == source and f.code == code and f.in_force(on)),
            None,
        )

    def min_term_fees(self):
        """The mobile line's minimum-term fees (R5.1): codes `min_term…` with a term. Other
        fees may have a term (IIJmio光's early exit), but leaving the mobile line never costs them.
        """
        return tuple(
            f
            for f in self.fees
            if f.carrier == self.source.code
            and f.code.startswith(MIN_TERM_FEE_PREFIX)
            and f.term_months
        )

    def min_term_fees_reaching(self, service, day):
        """The minimum-term fees (R5.1) that could still be running on `day` for a `service` line.

        A rule covers contracts started up to its `contracted_to` and runs `term_months` past the
        start month, so the latest month it can reach is known from the data alone. When none
        reaches `day`, the contract start month cannot change the result: the wizard does not ask
        it and the planner does not mention it.
        """
        month = day.replace(day=1)
        return tuple(
            f
            for f in self.min_term_fees()
            if (not f.services or service in f.services)
            and f.in_force(day)
            and (
                f.contracted_to is None
                or month <= f.contracted_to.replace(day=1) + relativedelta(months=f.term_months)
            )
        )

    def tax_rate(self, on):
        rate = next((t for t in self.tax_rates if _within(on, t.valid_from, t.valid_to)), None)
        if rate is None:
            raise BrokenData(f"{on.isoformat()} の消費税率がありません。")
        return rate

    def return_address(self, on):
        source = self.source.code
        return next(
            (
                a
                for a in self.return_addresses
                if a.carrier == source and _within(on, a.valid_from, a.valid_to)
            ),
            None,
        )

    def recommended_postage(self, on):
        """The recommended way to post a card back, at its price on the day of posting (U1)."""
        return next((p for p in self.postage if p.recommended and p.in_force(on)), None)

    def fact(self, code, on=None):
        """A dated non-price figure (U6's 8 days, R3.1's withdrawal): in force on `on`, or the
        latest when `on` is None."""
        return _version(tuple(f for f in self.facts if f.code == code), on)

    @property
    def data_as_of(self):
        """The newest verified-on date among all the data (not the last edit)."""
        everything = (
            self.carriers
            + self.plans
            + self.fees
            + self.options
            + self.return_addresses
            + self.postage
            + self.tax_rates
            + self.facts
        )
        return max(d.as_of for d in everything)


def _versions(records):
    """code → its records, oldest period first; codes in the order they first come."""
    index = {}
    for record in records:
        index.setdefault(record.code, []).append(record)
    return {
        code: tuple(sorted(versions, key=lambda r: r.valid_from or datetime.date.min))
        for code, versions in index.items()
    }


def _version(versions, on):
    if on is None:
        return versions[-1] if versions else None
    return next((v for v in versions if v.in_force(on)), None)


def column(name):
    """The model column of a snapshot field: `x_ja` is the Japanese text, column `x`."""
    return name.removesuffix("_ja")


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
                and _within(new["valid_from"], old["valid_from"], old["valid_to"])
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
