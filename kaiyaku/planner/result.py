"""What the planner returns: facts, not sentences.

Each warning, tip, checklist step, timeline entry and cost item carries a stable code (contract.md)
and the typed values its words need (dates, amounts, counts, carriers, hours). The words are
written once, in one template per code (templates/words/), for the page, the JSON and the
calendar file alike (kaiyaku.result.words).
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the planner takes answers from the parser; it never imports it at run time
    from ..answers import Answers

# The checklist's phases, in the order a person meets them (contract.md "phase").
PHASES = ("before", "during", "after")
# Who is paid and whether it stops (contract.md "kind").
KINDS = ("charge", "own", "ongoing", "risk")

Params = dict[str, Any]


@dataclass(frozen=True)
class Notice:
    """A warning or a tip: a code (contract.md "Warning codes") and what its words need."""

    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Detail:
    """One concrete fact of a checklist step (an address, a menu, a phone number), by code."""

    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True)
class Provenance:
    """Where a datum comes from, and whether sources disagree (facts.md, Provenance)."""

    source: str  # URL or "article"
    disputed: bool = False
    note: str = ""  # why it is disputed, shown with 要確認
    as_of: datetime.date | None = None  # when the figure was last checked (its verified-on)


@dataclass(frozen=True)
class CostItem:
    code: str  # contract.md "Cost item codes", e.g. "plan", "option:tabuho"
    amount_yen: int  # tax-included integer yen
    kind: str  # one of KINDS
    tax_class: str  # "excl" | "incl" | "none" (TaxClass values); "none" is shown as 不課税
    params: Params = field(default_factory=dict)
    provenance: Provenance | None = None
    # What one more month of it costs, for charges billed by the month (R3.2); else None.
    monthly_yen: int | None = None
    # No figure in force on the day it applies: shown as 未登録 with 要確認, never left out.
    missing: bool = False

    @property
    def disputed(self) -> bool:
        return self.missing or bool(self.provenance and self.provenance.disputed)

    @property
    def words(self) -> str:
        """The template that words it: option items share one, missing figures another."""
        return "missing" if self.missing else self.code.partition(":")[0]


@dataclass(frozen=True)
class ChecklistItem:
    code: str  # contract.md "Checklist codes"
    phase: str  # one of PHASES
    due: datetime.date | None = None
    params: Params = field(default_factory=dict)
    details: tuple[Detail, ...] = ()
    help: str = ""  # slug of a help page that helps with this step, or ""


@dataclass(frozen=True)
class TimelineEntry:
    code: str
    at: datetime.datetime  # aware, Japan time: where the entry sits in the timeline
    params: Params = field(default_factory=dict)
    # A moment a person abroad must meet: the page adds the same moment in their zone.
    show_local: bool = False


@dataclass(frozen=True)
class Dates:
    apply_by: datetime.date
    service_end: datetime.datetime  # aware, Asia/Tokyo
    final_bill_month: datetime.date  # first day of the month
    card_valid_until: datetime.date  # first day of the month
    mnp_number_from: datetime.date | None = None
    mnp_number_to: datetime.date | None = None
    mnp_number_expires: datetime.date | None = None


@dataclass(frozen=True)
class Result:
    answers: "Answers"
    data_as_of: datetime.date
    effective_month: datetime.date  # first day of the month IIJmio service ends in
    dates: Dates
    items: tuple[CostItem, ...]
    checklist: tuple[ChecklistItem, ...]  # in PHASES order, then by due date
    warnings: tuple[Notice, ...]
    timeline: tuple[TimelineEntry, ...]  # in time order
    tips: tuple[Notice, ...] = ()  # advice on timing and doubtful data
    # What timing is worth in yen ("apply by the 28th and a further month cannot arise").
    saving_tip: Notice | None = None
    # Cancel: the planned application, Japan time (a maintenance stop can move it later).
    planned_at: datetime.datetime | None = None
    # A short hash of every amount and date the result shows; a shared link carries it (`fig`)
    # so the page can say that figures changed since the link was made.
    figures_hash: str = ""

    @property
    def charges_total_yen(self) -> int:
        return sum(i.amount_yen for i in self.items if i.kind == "charge")

    @property
    def own_total_yen(self) -> int:
        return sum(i.amount_yen for i in self.items if i.kind == "own")

    def items_of(self, kind: str) -> tuple[CostItem, ...]:
        return tuple(i for i in self.items if i.kind == kind)
