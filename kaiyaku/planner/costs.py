"""What leaving costs: the items of the estimate, each with its tax class and datum (R3.2–R8.3)."""

import datetime

from .calendar import add_months, month_end, month_start, months_between
from .conventions import DEVICE_JUST_LEAVE_BELOW, DEVICE_PAY_OFF_FROM, PRICED_SERVICE


def _fee_times(draft, code, fee, on, *, kind="charge", **count):
    """An item of `fee` as charged on `on`, times one count (`lines=2` or `cards=3`)."""
    ((_, times),) = count.items()
    draft.use(fee)
    each = draft.taxed(fee.amount, fee.tax_class, on)
    draft.item(
        code,
        each * times,
        kind=kind,
        tax_class=fee.tax_class,
        datum=fee,
        fee=fee,
        each=each,
        **count,
    )
    return each


def monthly_charges(draft, first_month, effective):
    """R3.2/R4.5: full months, no proration, from the planned month through effective_month.

    R9.3: when lines of the share plan stay, the plan goes on for them: leaving costs only the
    leaving cards' share SIM fees, and the staying lines' new monthly total is shown apart.
    """
    answers, snapshot = draft.answers, draft.snapshot
    months = [add_months(first_month, i) for i in range(months_between(first_month, effective))]
    count = len(months)
    priced = answers.service == PRICED_SERVICE  # R1.2
    # U2: each month at the price in force on its first day (the plan's latest price for a
    # month before its first dated price).
    prices = []
    if answers.plan and priced:
        prices = [snapshot.plan(answers.plan, m) or snapshot.plan(answers.plan) for m in months]
    plan = draft.use(prices[-1]) if prices else None
    staying = answers.staying > 0
    if staying:
        extra = answers.lines  # every leaving card is a share SIM of the plan that stays
    elif plan is None:
        draft.warn(
            "plan_not_included",
            first_month=first_month,
            effective_month=effective,
            months=count,
            priced=priced,
        )
        return
    else:
        monthly = draft.taxed(plan.monthly_price, plan.tax_class, effective)
        draft.item(
            "plan",
            sum(
                draft.taxed(draft.use(p).monthly_price, p.tax_class, m)
                for p, m in zip(prices, months, strict=True)
            ),
            kind="charge",
            tax_class=plan.tax_class,
            datum=plan,
            monthly_yen=monthly,  # a plan is billed by the month
            plan=plan,
            each=monthly,
            months=count,
            first_month=first_month,
            effective_month=effective,
        )
        extra = answers.lines - 1
    share = [draft.use(snapshot.fee("share_sim", m)) for m in months]
    if extra > 0 and not all(share):
        gap = next(m for f, m in zip(share, months, strict=True) if f is None)
        draft.missing("share_sims", kind="charge", on=gap, cards=extra)
    elif extra > 0:
        fee = share[-1]
        each = draft.taxed(fee.amount, fee.tax_class, effective)
        draft.item(
            "share_sims",
            sum(
                extra * draft.taxed(f.amount, f.tax_class, m)
                for f, m in zip(share, months, strict=True)
            ),
            kind="charge",
            tax_class=fee.tax_class,
            datum=fee,
            monthly_yen=each * extra if fee.per_month else None,
            each=each,
            cards=extra,
            months=count,
        )
    if staying and plan is not None:
        _staying_lines(draft, answers.plan, effective)


def _staying_lines(draft, plan_code, effective):
    """R9.3: what the lines that stay cost a month from the month after the leaving ones end:
    the plan, and one share SIM fee for each staying card beyond the first (1,870 → 1,430)."""
    month = add_months(effective, 1)
    snapshot = draft.snapshot
    plan = draft.use(snapshot.plan(plan_code, month) or snapshot.plan(plan_code))
    plan_each = draft.taxed(plan.monthly_price, plan.tax_class, month)
    extra = draft.answers.staying - 1
    fee = draft.use(snapshot.fee("share_sim", month)) if extra else None
    if extra and fee is None:
        draft.missing("staying_lines", kind="ongoing", on=month, staying=draft.answers.staying)
        return
    share_each = draft.taxed(fee.amount, fee.tax_class, month) if fee else 0
    draft.item(
        "staying_lines",
        plan_each + share_each * extra,
        kind="ongoing",
        tax_class=plan.tax_class,
        datum=plan,
        plan=plan,
        plan_each=plan_each,
        share_each=share_each,
        extra_cards=extra,
        staying=draft.answers.staying,
    )


def min_term(draft, end_day):
    """R5.1: an old-plan voice line leaving inside its minimum term pays the fee per line."""
    answers, snapshot = draft.answers, draft.snapshot
    candidates = snapshot.min_term_fees_reaching(answers.service, end_day)
    if not candidates:
        return
    if answers.started is None:
        for fee in candidates:
            draft.tip("min_term_unknown", fee=fee)
        return
    for fee in candidates:
        if fee.contracted_from and answers.started < month_start(fee.contracted_from):
            continue
        if fee.contracted_to and answers.started > fee.contracted_to:
            continue
        term_last = month_end(add_months(answers.started, fee.term_months))
        if end_day > term_last:
            continue
        each = _fee_times(draft, "min_term_fee", fee, end_day, lines=answers.lines)
        draft.warn(
            "min_term",
            fee=fee,
            each=each,
            term_last=term_last,
            free_from=term_last + datetime.timedelta(days=1),
        )


def mnp_fee(draft, port_out_day):
    """R4.6: the fee in force on the port-out day, per line; shown even when it is 0."""
    fee = draft.snapshot.fee("mnp_transfer", port_out_day)
    if fee is None:
        draft.missing("mnp_fee", kind="charge", on=port_out_day, lines=draft.answers.lines)
    else:
        _fee_times(draft, "mnp_fee", fee, port_out_day, lines=draft.answers.lines)


def remaining_payments(answers):
    """R5.4: the monthly instalments still to pay; a remainder smaller than one payment is the
    odd yen a plan folds into one of them (28,900 at 2,408 a month is 12 payments, not 13)."""
    return max(1, answers.device_left // answers.device_monthly)


def device(draft):
    """R5.4: the remaining instalments, at once or monthly, with advice by size."""
    answers = draft.answers
    left = answers.device_left
    if left <= 0:
        return
    if answers.device_payoff == "lump":
        draft.item("device_lump", left, kind="charge", tax_class="incl")
    else:
        draft.item(
            "device_monthly",
            answers.device_monthly,
            kind="ongoing",
            tax_class="incl",
            payments=remaining_payments(answers),
            left=left,
        )
    if left < DEVICE_JUST_LEAVE_BELOW:
        advice = "just_leave"
    elif left < DEVICE_PAY_OFF_FROM:
        advice = "compare_offers"
    else:
        advice = "consider_paying_off"
    draft.warn("device_balance", left=left, advice=advice)


def sim_damage(draft, end_day, fee):
    """R6.3: the damage fee for cards that cannot be returned (may be waived on request)."""
    lost = draft.answers.sim_lost
    if lost and fee is None:
        draft.missing("sim_damage", kind="charge", on=end_day, cards=lost)
    elif lost:
        _fee_times(draft, "sim_damage", fee, end_day, cards=lost)


def sim_return_costs(draft, end_day, return_by, fee, postage, to_return):
    """R6.1/R6.4: one envelope for the cards to return; R6.3: what forgetting them costs."""
    if postage is None:
        draft.missing("postage", kind="own", on=return_by, cards=to_return)
    else:
        draft.item(
            "postage",
            int(postage.price),
            kind="own",
            tax_class="incl",
            datum=postage,
            postage=postage,
            cards=to_return,
        )
    if fee is None:
        draft.missing("sim_damage_risk", kind="risk", on=end_day, cards=to_return)
    else:
        _fee_times(draft, "sim_damage_risk", fee, end_day, kind="risk", cards=to_return)


def hikari_discount(draft, discount):
    """R8.1: the fibre line's mio割 ends after the last mobile line: its price goes up."""
    amount = draft.taxed(discount.amount, discount.tax_class, draft.answers.date)
    draft.item(
        "hikari_discount_end", amount, kind="ongoing", tax_class=discount.tax_class, datum=discount
    )
    return amount


def options(draft):
    """R8.3: options that outlive the line keep billing until cancelled one by one."""
    answers, snapshot = draft.answers, draft.snapshot
    chosen = []
    for code in answers.options:
        option = draft.use(snapshot.option(code, answers.date))
        if option is None:  # no price in force that day: still one to cancel
            option = snapshot.option(code)
            draft.missing(f"option:{code}", kind="ongoing", on=answers.date, name=option.name)
            chosen.append(option)
            continue
        draft.item(
            f"option:{code}",
            draft.taxed(option.monthly_price, option.tax_class, answers.date),
            kind="ongoing",
            tax_class=option.tax_class,
            datum=option,
            option=option,
        )
        chosen.append(option)
    return chosen
