"""What the data must satisfy for the public site to work, checked in one place.

The admin refuses an edit that would break these (kaiyaku.models), the snapshot raises
`BrokenData` rather than guess when they are broken anyway (an edit made outside the admin), and
/healthz reports which one failed.
"""

import datetime

from .parsing import EARLIEST_DATE, latest_date

ONE_DAY = datetime.timedelta(days=1)


class BrokenData(RuntimeError):
    """The data in the database cannot answer a public page (see `problems()`)."""


def answer_dates():
    """The first and last date the answers accept: every one needs a tax rate."""
    return EARLIEST_DATE, latest_date()


def uncovered(periods, start, end):
    """The (first, last) day ranges within start..end that none of `periods` covers.

    `periods` are (valid_from, valid_to) pairs, both inclusive, None meaning open.
    """
    gaps = []
    day = start
    spans = sorted(
        (valid_from or datetime.date.min, valid_to or datetime.date.max)
        for valid_from, valid_to in periods
    )
    for first, last in spans:
        if day > end:
            break
        if last < day:
            continue
        if first > day:
            gaps.append((day, min(first - ONE_DAY, end)))
        if last >= end:
            day = end + ONE_DAY
            break
        day = max(day, last + ONE_DAY)
    if day <= end:
        gaps.append((day, end))
    return gaps


def describe_gaps(gaps):
    return "、".join(f"{first.isoformat()}〜{last.isoformat()}" for first, last in gaps)


def problems(snapshot):
    """{check: Japanese message} for every rule the data breaks; empty when it can serve pages."""
    found = {}
    sources = [c for c in snapshot.carriers if c.is_source]
    if len(sources) != 1:
        found["source_carrier"] = (
            f"解約・転出元として案内する通信会社が{len(sources)}件あります(1件だけにしてください)。"
        )
    gaps = uncovered([(t.valid_from, t.valid_to) for t in snapshot.tax_rates], *answer_dates())
    if gaps:
        found["tax_rates"] = f"消費税率の決まっていない期間があります: {describe_gaps(gaps)}"
    return found
