"""The data in force, as plain frozen Python values the planner and the wizard use without the
ORM: one record shape per kind of datum (Carrier, Plan, Fee, …), each with its provenance and its
texts in the page's language, and the Snapshot of them all with its dated look-ups (the price in
force on a day, U2). kaiyaku.snapshot.store builds it from the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .. import models
from ..integrity import BrokenData, problems
from ..languages import current

MIN_TERM_FEE_PREFIX = "min_term"  # fixture codes: min_term_voice (R5.1)


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
        return within(on, self.valid_from, self.valid_to)


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
        return within(on, self.valid_from, self.valid_to)


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
        return within(on, self.valid_from, self.valid_to)


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
        return within(on, self.valid_from, self.valid_to)


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
        return within(on, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class TaxRate(Sourced):
    rate_percent: Decimal
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def multiplier(self):
        return 1 + self.rate_percent / Decimal(100)


def within(on, start, end):
    """Whether day `on` falls in the period from `start` to `end`, each included; None is open."""
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
        rate = next((t for t in self.tax_rates if within(on, t.valid_from, t.valid_to)), None)
        if rate is None:
            raise BrokenData(f"{on.isoformat()} の消費税率がありません。")
        return rate

    def return_address(self, on):
        source = self.source.code
        return next(
            (
                a
                for a in self.return_addresses
                if a.carrier == source and within(on, a.valid_from, a.valid_to)
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
