"""A result being drawn up: the facts found so far and every datum they used."""

from .money import tax_included
from .result import ChecklistItem, CostItem, Detail, Notice, Provenance


class Draft:
    """Collects cost items, steps, warnings and tips, and every datum used (for data_as_of)."""

    def __init__(self, answers, snapshot, now):
        self.answers = answers
        self.snapshot = snapshot
        self.now = now  # when the result is read: only R4.7's warning depends on it
        self.source = snapshot.source
        self.items = []
        self.checklist = []
        self.warnings = []
        self.tips = []
        self.used = [self.source]

    def use(self, datum):
        if datum is not None:
            self.used.append(datum)
        return datum

    def taxed(self, amount, tax_class, on):
        """A datum's amount as the tax-included yen charged on `on` (rate in force then)."""
        rate = None
        if tax_class == "excl":
            rate = self.use(self.snapshot.tax_rate(on)).multiplier
        return tax_included(amount, tax_class, rate)

    def item(self, code, amount, *, kind, tax_class, datum=None, monthly_yen=None, **params):
        provenance = None
        if datum is not None:
            provenance = Provenance(
                source=datum.source,
                disputed=datum.disputed,
                note=datum.note if datum.disputed else "",
                as_of=datum.as_of,
            )
        self.items.append(
            CostItem(
                code=code,
                amount_yen=amount,
                kind=kind,
                tax_class=tax_class,
                params=params,
                provenance=provenance,
                monthly_yen=monthly_yen,
            )
        )

    def missing(self, code, *, kind, on, **params):
        """A cost the data has no figure for on `on` (no period in force, a code gone): an item
        marked 未登録 and 要確認, so a result never drops a cost without a word."""
        self.items.append(
            CostItem(
                code=code,
                amount_yen=0,
                kind=kind,
                tax_class="incl",
                params={"figure": code.partition(":")[0], "on": on, **params},
                missing=True,
            )
        )

    def warn(self, code, **params):
        self.warnings.append(Notice(code, params))

    def tip(self, code, **params):
        self.tips.append(Notice(code, params))

    def step(self, code, phase, due=None, *, details=(), help="", **params):
        self.checklist.append(
            ChecklistItem(
                code=code,
                phase=phase,
                due=due,
                params=params,
                details=tuple(details),
                help=help,
            )
        )


def detail(code, **params):
    return Detail(code, params)


def support_details(source, answers):
    """Who to ask. R1.5: a corporate holder only ever the corporate window. R3.5: from abroad a
    0570 number cannot be called, so chat and the mail form. Else R10.1: phone, chat, busy hours.
    """
    if answers.holder == "corporate":
        return [detail("corporate_window", source=source)]
    details = []
    if answers.abroad:
        if source.chat_hours:
            details.append(detail("chat", hours=source.chat_hours))
        details.append(detail("mail_form", source=source))
        return details
    if source.support_phone:
        details.append(detail("phone", phone=source.support_phone))
        if source.support_hours:
            details.append(detail("phone_hours", hours=source.support_hours))
    if source.chat_hours:
        details.append(detail("chat", hours=source.chat_hours))
    if source.support_busy:
        details.append(detail("busy", hours=source.support_busy))
    return details
