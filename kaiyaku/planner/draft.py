"""A result being drawn up: the facts found so far and every datum they used."""

from .money import tax_included
from .result import ChecklistItem, CostItem, Detail, Notice, Provenance


class Draft:
    """Collects cost items, steps, warnings and tips, and every datum used (for data_as_of)."""

    def __init__(self, answers, snapshot):
        self.answers = answers
        self.snapshot = snapshot
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


def support_details(source):
    """R10.1: the support line, chat and busy hours, where the data has them."""
    details = []
    if source.support_phone:
        details.append(detail("phone", phone=source.support_phone, hours=source.support_hours))
    if source.chat_hours:
        details.append(detail("chat", hours=source.chat_hours))
    if source.support_busy:
        details.append(detail("busy", hours=source.support_busy))
    return details
