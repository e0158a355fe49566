"""How the site writes money, dates and times: one filter each, used by every page and every
message (templates/words/), so a figure is written the same way everywhere.

Each filter writes in the active language (kaiyaku.languages): Japanese "2027年8月31日(火)" and
"1,980円(税込)", English "Tue 31 Aug 2027" and "¥1,980 (incl. tax)". The choice is made here, in
plain functions, so any template engine that registers them writes the same.
"""

import datetime

from django import template
from django.utils.translation import gettext as _

from kaiyaku.languages import current
from kaiyaku.zones import COMMON_ZONES

register = template.Library()

WEEKDAYS = "月火水木金土日"  # Monday first, as date.weekday() counts
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _english():
    return current() == "en"


@register.filter
def yen(amount, tax_class="incl"):
    """1100 → "1,100円(税込)"; with tax class "none" → "1,000円(不課税)".
    English: "¥1,100 (incl. tax)", "¥1,000 (not taxed)"."""
    if amount is None or amount == "":
        return ""
    if _english():
        return f"{yen_plain(amount)} ({tax_label(tax_class)})"
    return f"{yen_plain(amount)}({tax_label(tax_class)})"


@register.filter
def yen_plain(amount):
    """1100 → "1,100円" (English "¥1,100"), for totals whose tax label is stated beside them."""
    if amount is None or amount == "":
        return ""
    if _english():
        return f"¥{int(amount):,}"
    return f"{int(amount):,}円"


@register.filter
def tax_label(tax_class):
    """The tax class as a person reads it: 不課税 (outside consumption tax) or 税込."""
    return _("不課税") if tax_class == "none" else _("税込")


@register.filter
def weekday(value):
    """0 (Monday) … 6, or a date → "月" … "日" (English "Mon" … "Sun")."""
    if isinstance(value, datetime.date):
        value = value.weekday()
    return (WEEKDAYS_EN if _english() else WEEKDAYS)[value]


@register.filter
def jdate(value):
    """date(2026, 10, 28) → "2026年10月28日(水)" (English "Wed 28 Oct 2026")."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if _english():
        return f"{weekday(value)} {value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日({weekday(value)})"


@register.filter
def jdatetime(value):
    """An aware datetime → "2026年10月31日(土) 23:59", in the zone it carries."""
    if not value:
        return ""
    return f"{jdate(value)} {value:%H:%M}"


@register.filter
def jmonth(value):
    """date(2026, 11, 1) → "2026年11月" (English "Nov 2026")."""
    if not value:
        return ""
    if _english():
        return f"{MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月"


@register.filter
def jtime(value):
    """time(9, 0) → "9:00" (no leading zero, as Japanese timetables write it)."""
    if value is None or value == "":
        return ""
    return f"{value.hour}:{value.minute:02d}"


@register.filter
def zone_name(tz):
    """An IANA zone as a person knows the place: the wizard's name for it ("アメリカ西部
    (ロサンゼルス、シアトル)"), else its city ("Pacific/Kiritimati" → "Kiritimati"). R3.5."""
    return str(dict(COMMON_ZONES).get(tz) or tz.rsplit("/", 1)[-1].replace("_", " "))


@register.filter
def tel_href(number):
    """ "0570-09-4400" → "0570094400", for a tel: link (a leading + is kept)."""
    number = str(number or "")
    return ("+" if number.startswith("+") else "") + "".join(
        c for c in number if c.isascii() and c.isdigit()
    )
