"""Tax-included integer yen from a datum's amount and tax class (facts.md, conventions)."""

from decimal import ROUND_FLOOR, Decimal


def tax_included(amount: Decimal, tax_class: str, rate_multiplier: Decimal | None) -> int:
    """`excl` → floor(amount × (1 + rate in force when the charge arises)); `incl` and `none`
    (不課税) are shown as they are: an already tax-included price is never taxed again."""
    if tax_class == "excl":
        amount = amount * rate_multiplier
    return int(amount.to_integral_value(rounding=ROUND_FLOOR))
