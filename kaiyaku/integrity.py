"""What the data must satisfy for the public site to work, checked in one place.

The admin refuses an edit that would break these (kaiyaku.models), the snapshot raises
`BrokenData` rather than guess when they are broken anyway (an edit made outside the admin), and
/healthz reports which one failed.
"""

import datetime
from typing import NamedTuple

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


def subtract(gaps, known):
    """The days of the ranges `gaps` that are in none of the ranges `known` (both sorted)."""
    left = []
    for first, last in gaps:
        day = first
        for known_first, known_last in known:
            if known_last < day or known_first > last:
                continue
            if known_first > day:
                left.append((day, known_first - ONE_DAY))
            day = max(day, known_last + ONE_DAY)
        if day <= last:
            left.append((day, last))
    return left


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


# Fees of the carrier people leave that a result prices on any date it is asked about.
NEEDED_FEES = {
    "mnp_transfer": "MNP転出手数料",
    "sim_damage": "SIMカードの損害金",
    "share_sim": "シェアプランの追加SIM",
    "hikari_discount": "mio割",
}


class Missing(NamedTuple):
    what: str  # the figure, in words
    gaps: list  # [(first, last)] days the answers accept with no figure in force
    model: str  # the model its periods are records of ("fee"), for a link to its admin list


def missing_figures(snapshot):
    """[Missing]: every figure a result may need that has no published period in force on
    some dates the answers accept. A result shows such a cost as 未登録 (要確認); the editors'
    desk lists them here so that they are filled in.

    Needed on every date: the tax rate, the return address, a recommended way to post, and the
    fees of NEEDED_FEES. Any other figure (a plan, an option, a postage method, a fact): every
    date from its first period on.
    """
    start, end = answer_dates()
    source = next((c.code for c in snapshot.carriers if c.is_source), None)
    found = []

    def check(what, model, records, since=start):
        gaps = uncovered([(r.valid_from, r.valid_to) for r in records], max(since, start), end)
        if gaps:
            found.append(Missing(what, gaps, model))

    check("消費税率", "taxrate", snapshot.tax_rates)
    addresses = [a for a in snapshot.return_addresses if a.carrier == source]
    check("SIMカードの返却先", "returnaddress", addresses)
    check("おすすめの返却の送り方", "postagemethod", [p for p in snapshot.postage if p.recommended])
    fees = [f for f in snapshot.fees if f.carrier == source]
    for code, what in NEEDED_FEES.items():
        check(f"{what}({code})", "fee", [f for f in fees if f.code == code])
    families = {}
    for kind, model, records in (
        ("料金プラン", "plan", snapshot.plans),
        ("手数料・料金", "fee", [f for f in snapshot.fees if f.code not in NEEDED_FEES]),
        ("オプション", "option", snapshot.options),
        ("返却の送り方", "postagemethod", snapshot.postage),
        ("日数・日付など", "fact", snapshot.facts),
    ):
        for record in records:
            key = (kind, model, getattr(record, "carrier", ""), record.code)
            families.setdefault(key, []).append(record)
    for (kind, model, carrier, code), records in families.items():
        first = min(r.valid_from or datetime.date.min for r in records)
        label = f"{kind} {records[-1].name}({'/'.join(p for p in (carrier, code) if p)})"
        check(label, model, records, since=first)
    return found
