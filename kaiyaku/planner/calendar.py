"""Japan-time calendar arithmetic the rules share: months, month-ends, maintenance windows.

Arithmetic only: how a date is written is the words' business (kaiyaku.templatetags.kaiyaku)."""

import calendar
import datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    """The last calendar day of `day`'s month (28, 29, 30 or 31)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    """The first day of the month `months` after `day`'s month (December + 1 → January)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    """How many calendar months from `first`'s month through `last`'s, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def in_japan(day, at, zone):
    """`day` `at` local to `zone`, as an aware Japan-time datetime.

    zoneinfo resolves local times that DST skips (fold=0: the offset in force before the jump)
    and repeats (fold=0: the first occurrence), so every entered time has one answer.
    """
    return datetime.datetime.combine(day, at, tzinfo=zone).astimezone(JST)


def _window_containing(moment, weekday, start, end):
    """The [from, until) window on `weekday` from `start` to `end` (next day when end ≤ start)
    that contains the Japan-time `moment`, as (from, until), or None. `weekday` None = daily."""
    for back in (0, 1):
        day = moment.date() - datetime.timedelta(days=back)
        if weekday is not None and day.weekday() != weekday:
            continue
        opens = datetime.datetime.combine(day, start, tzinfo=JST)
        closes = datetime.datetime.combine(day, end, tzinfo=JST)
        if end <= start:
            closes += datetime.timedelta(days=1)
        if opens <= moment < closes:
            return opens, closes
    return None


def weekly_maintenance(carrier, moment):
    """R3.4: the weekly full stop (data: Tuesday 23:00 → Wednesday 05:00) containing `moment`."""
    if carrier.maintenance_weekday is None or carrier.maintenance_from is None:
        return None
    return _window_containing(
        moment, carrier.maintenance_weekday, carrier.maintenance_from, carrier.maintenance_until
    )


def nightly_processing(carrier, moment):
    """R3.4: the nightly window (data: 23:30 → 05:00) in which some functions are limited."""
    if carrier.nightly_from is None:
        return None
    return _window_containing(moment, None, carrier.nightly_from, carrier.nightly_until)
