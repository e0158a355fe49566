"""The two ways the site writes money and dates, so every page writes them the same way."""

import datetime

from django import template
from django.utils.translation import gettext as _

from kaiyaku.planner.calendar import jp_date, jp_month
from kaiyaku.planner.money import yen as plain_yen

register = template.Library()


@register.filter
def yen(amount, tax_class="incl"):
    """1100 → "1,100円(税込)"; with tax class "none" → "1,000円(不課税)"."""
    if amount is None or amount == "":
        return ""
    label = _("不課税") if tax_class == "none" else _("税込")
    return f"{plain_yen(int(amount))}({label})"


@register.filter
def yen_plain(amount):
    """1100 → "1,100円", for totals whose tax label is stated once beside them."""
    if amount is None or amount == "":
        return ""
    return plain_yen(int(amount))


@register.filter
def jdate(value):
    """date(2026, 10, 28) → "2026年10月28日(水)"."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return jp_date(value)


@register.filter
def jdatetime(value):
    """An aware datetime → "2026年10月31日(土) 23:59", in the zone it carries."""
    if not value:
        return ""
    return f"{jdate(value)} {value:%H:%M}"


@register.filter
def jmonth(value):
    """date(2026, 11, 1) → "2026年11月"."""
    if not value:
        return ""
    return jp_month(value)
