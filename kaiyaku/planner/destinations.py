"""Where to go: the destinations side by side, and the number's clock at each (§11, R4.2–R4.4,
U4).

Pure Python like the rest of the planner: a snapshot (and, from a result, the person's number
window) in, facts out. The words are in templates/destinations/.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .conventions import SIM_DELIVERY_DAYS
from .money import tax_included
from .timing import days_required

if TYPE_CHECKING:  # the planner reads plain snapshot values; it never imports the ORM's module
    from ..snapshot.shapes import Carrier, Plan

# The `dest` answer of someone who has not chosen where to go yet.
UNDECIDED = "undecided"


def strictest(snapshot) -> "Carrier":
    """R4.3: the destination that needs the most days left on the number (the first in the data's
    order on a tie). A number window built on it is one that every destination accepts."""
    return max(snapshot.destinations, key=lambda carrier: days_required(carrier, snapshot))


def one_stop(destination, source, on) -> str | None:
    """U4: MNPワンストップ needs both carriers, each from the day it joined, on the day `on`.
    "yes" when both take part, "unverified" when neither says no but one is not confirmed yet,
    None when either does not take part (or had not joined yet)."""
    carriers = (destination, source)
    if any(c.mnp_one_stop_from and on < c.mnp_one_stop_from for c in carriers):
        return None
    flags = {c.mnp_one_stop for c in carriers}
    if "no" in flags:
        return None
    return "unverified" if "unverified" in flags else "yes"


@dataclass(frozen=True)
class Window:
    """A person's number window, as their result gives it."""

    first: datetime.date  # the first day to take the reservation number
    activation: datetime.date  # the day the destination is to activate the line
    sim: str  # "physical" | "esim"


@dataclass(frozen=True)
class Clock:
    """One destination's deadline for a number taken on the first day of the person's window."""

    apply_by: datetime.date  # the day to apply to activate on the chosen day (R4.4)
    number_last_day: datetime.date  # the last day it accepts that number (R4.2, R4.3)
    take_from: datetime.date  # the earliest day to take a number it accepts on apply_by

    @property
    def last_day(self) -> datetime.date:
        """The last day to apply there: the number's clock or the card's, whichever ends first."""
        return min(self.number_last_day, self.apply_by)

    @property
    def works(self) -> bool:
        """It takes the application on the day the person's plan has them apply."""
        return self.number_last_day >= self.apply_by


@dataclass(frozen=True)
class Offer:
    """A destination in the comparison."""

    destination: "Carrier"
    days_required: int  # R4.3, the data's value or the default for an unknown MVNO
    plan: "Plan | None"  # the cheapest plan with the data asked for; None: none in the data
    price_yen: int | None  # its monthly price, tax included
    clock: Clock | None  # only with a window


def clock(destination, snapshot, window) -> Clock:
    """R4.2: a number taken on day T expires on T + (valid − 1); R4.3: days left on D are
    (expiry − D) + 1, so a destination needing N days takes it until T + valid − N. R4.4: an
    application must leave the card time to arrive before the activation day."""
    valid = snapshot.source.mnp_number_valid_days
    required = days_required(destination, snapshot)
    apply_by = window.activation - datetime.timedelta(days=SIM_DELIVERY_DAYS[window.sim])
    return Clock(
        apply_by=apply_by,
        number_last_day=window.first + datetime.timedelta(days=valid - required),
        take_from=apply_by - datetime.timedelta(days=valid - required),
    )


def cheapest_plan(plans, data_gb) -> "Plan | None":
    """The cheapest plan with at least `data_gb` (None: unlimited only). A tiered plan (楽天's
    〜3GB, 〜20GB) is a row per tier, so this is the tier that covers the amount."""
    enough = [
        p for p in plans if p.data_gb is None or (data_gb is not None and p.data_gb >= data_gb)
    ]
    return min(enough, key=lambda p: p.monthly_price, default=None)


def data_amounts(snapshot, on) -> tuple[int | None, ...]:
    """The amounts of data the destinations' plans offer on `on`, smallest first; None
    (unlimited) last."""
    amounts = {p.data_gb for d in snapshot.destinations for p in snapshot.plans_of(d.code, on)}
    return (*sorted(a for a in amounts if a is not None), *((None,) if None in amounts else ()))


def compare(snapshot, *, data_gb, on, window=None) -> tuple[Offer, ...]:
    """Every destination, in the data's order: its price for `data_gb` as of `on`, the days it
    requires, and with a `window` the last day to apply there."""
    offers = []
    for destination in snapshot.destinations:
        plan = cheapest_plan(snapshot.plans_of(destination.code, on), data_gb)
        price = None
        if plan:
            rate = snapshot.tax_rate(on).multiplier if plan.tax_class == "excl" else None
            price = tax_included(plan.monthly_price, plan.tax_class, rate)
        offers.append(
            Offer(
                destination=destination,
                days_required=days_required(destination, snapshot),
                plan=plan,
                price_yen=price,
                clock=clock(destination, snapshot, window) if window else None,
            )
        )
    return tuple(offers)
