"""What the planner returns: plain values that mirror the public JSON of contract.md.

Views render these; `as_json()` is exactly the `/result.json` body. Field names here are the
contract's names, so a reader can check one against the other.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

PHASES = ("before", "during", "after")
KINDS = ("charge", "own", "ongoing", "risk")


@dataclass(frozen=True)
class CostItem:
    code: str  # contract.md "Cost item codes", e.g. "plan", "option:tabuho"
    label: str  # Japanese, for people
    amount_yen: int  # tax-included integer yen
    kind: str  # one of KINDS
    tax_class: str  # "excl" | "incl" | "none" (TaxClass values); "none" is shown as 不課税
    detail: str = ""  # how it adds up, e.g. "990円 × 2か月"
    disputed: bool = False
    note: str = ""  # why it is disputed (shown with 要確認)
    source: str = ""  # URL or "article"


@dataclass(frozen=True)
class ChecklistItem:
    code: str  # contract.md "Checklist codes"
    phase: str  # one of PHASES
    text: str
    due: datetime.date | None = None
    # Concrete facts for this step, label → value, e.g. {"返却先": "〒143-0006 …", "電話": "0570-…"}
    details: tuple[tuple[str, str], ...] = ()
    help: str = ""  # slug of a help page that helps with this step, or ""
    title: str = ""  # a short name for the step (calendar event summary, headings)


@dataclass(frozen=True)
class Warning:
    code: str  # contract.md "Warning codes"
    text: str


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
    answers: dict[str, str]  # normalised answers, as the canonical query string carries them
    data_as_of: datetime.date
    effective_month: datetime.date  # first day of the month IIJmio service ends in
    dates: Dates
    items: tuple[CostItem, ...]
    checklist: tuple[ChecklistItem, ...]
    warnings: tuple[Warning, ...]
    # Short stable hash of every figure the result used; a shared link carries it so the page can
    # say "figures changed since this link was made".
    figures: str = ""
    # The planned moment in Japan time and, when abroad, in the person's zone (for the timeline).
    moment_jst: datetime.datetime | None = None
    moment_local: datetime.datetime | None = None
    tips: tuple[str, ...] = field(default_factory=tuple)  # advice on timing and doubtful data
    # What timing is worth in yen, e.g. "apply by the 28th and a further 990円 cannot arise".
    saving_tip: str = ""
    # Every answer with its value, defaults included (Answers.as_json()): the JSON "answers".
    normalised: dict = field(default_factory=dict)

    def with_figures(self, figures):
        return dataclasses.replace(self, figures=figures)

    @property
    def charges_total_yen(self):
        return sum(i.amount_yen for i in self.items if i.kind == "charge")

    @property
    def own_total_yen(self):
        return sum(i.amount_yen for i in self.items if i.kind == "own")

    def as_json(self):
        """Exactly the body of /result.json (contract.md), with a few added keys."""
        dates = self.dates
        return {
            "answers": self.normalised or dict(self.answers),
            "data_as_of": self.data_as_of.isoformat(),
            "figures": self.figures,
            "effective_month": _month(self.effective_month),
            "dates": {
                "apply_by": dates.apply_by.isoformat(),
                "service_end": dates.service_end.isoformat(timespec="minutes"),
                "mnp_number_from": _day(dates.mnp_number_from),
                "mnp_number_to": _day(dates.mnp_number_to),
                "mnp_number_expires": _day(dates.mnp_number_expires),
                "final_bill_month": _month(dates.final_bill_month),
                "card_valid_until": _month(dates.card_valid_until),
            },
            "costs": {
                "items": [_item(i) for i in self.items],
                "charges_total_yen": self.charges_total_yen,
                "own_total_yen": self.own_total_yen,
            },
            "checklist": [
                {
                    "code": c.code,
                    "phase": c.phase,
                    "title": c.title,
                    "text": c.text,
                    "due": _day(c.due),
                    "details": [{"label": k, "value": v} for k, v in c.details],
                    "help": c.help or None,
                }
                for c in self.checklist
            ],
            "warnings": [{"code": w.code, "text": w.text} for w in self.warnings],
            "tips": list(self.tips),
            "saving_tip": self.saving_tip or None,
        }


def _day(value):
    return value.isoformat() if value else None


def _month(value):
    return value.strftime("%Y-%m")


def _item(item):
    out = {
        "code": item.code,
        "label": item.label,
        "amount_yen": item.amount_yen,
        "kind": item.kind,
        "tax_class": item.tax_class,
        "detail": item.detail,
        "disputed": item.disputed,
        "source": item.source,
    }
    if item.disputed:
        out["note"] = item.note
    return out
