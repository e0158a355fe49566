"""What to do, and by when: the checklist (R1.4, R4, R6, R8, R9, R10), with the costs that go
with a step where one topic gives both (returning cards, IIJmio光, options)."""

import datetime

from . import costs
from .calendar import month_end
from .conventions import (
    ADULT_AGE,
    CORPORATE_LEAD_DAYS,
    HELP_CANCEL_MENU,
    HELP_COMPLETION_MAIL,
    HELP_LOGIN,
    HELP_MNP_NUMBER,
    IDENTITY_CHECK_BUSINESS_DAYS,
    IDENTITY_CHECK_DAYS,
    RETURN_SIM_WITHIN_DAYS,
)
from .destinations import one_stop
from .draft import detail, support_details
from .timing import days_required


def mnp_steps(draft, destination, dates, *, decided=True):
    """R4.1–R4.4: identity, the reservation number in its window, apply, activate.

    Not `decided`: `destination` is only the strictest rule (R4.3), so the steps name none.
    """
    source = draft.source
    named = destination if decided else None
    corporate = draft.answers.holder == "corporate"  # R1.5: through the corporate window
    draft.step(
        "identity_check",
        "before",
        dates.mnp_number_from - datetime.timedelta(days=IDENTITY_CHECK_DAYS),
        help="" if corporate else HELP_LOGIN,
        business_days=IDENTITY_CHECK_BUSINESS_DAYS,
    )
    details = [detail("number_window", first=dates.mnp_number_from, last=dates.mnp_number_to)]
    if corporate:
        details.append(detail("corporate_window", source=source))
    else:
        if source.mnp_menu:
            details.append(detail("menu", menu=source.mnp_menu))
        if source.mnp_issue_from and source.mnp_issue_until:
            details.append(
                detail("issue_hours", opens=source.mnp_issue_from, closes=source.mnp_issue_until)
            )
    details.append(
        detail("number_expiry", taken=dates.mnp_number_to, expires=dates.mnp_number_expires)
    )
    route = one_stop(destination, source, dates.apply_by)
    if decided and route and not corporate:
        # U4: online, when both take part, no number at all; the dates stay on the number,
        # which works everywhere (a shop too), and a route not yet confirmed is marked 要確認.
        details.append(
            detail(
                "one_stop",
                destination=destination,
                apply_by=dates.apply_by,
                source_unverified=source.mnp_one_stop == "unverified",
                destination_unverified=destination.mnp_one_stop == "unverified",
            )
        )
    draft.step(
        "get_mnp_number",
        "before",
        dates.mnp_number_to,
        details=details,
        help="" if corporate else HELP_MNP_NUMBER,
        destination=named,
        days_required=days_required(destination, draft.snapshot),
        corporate=corporate,
    )
    if destination.disputed:
        draft.tip("destination_days_disputed", destination=destination)
    draft.step(
        "apply_destination",
        "during",
        dates.apply_by,
        destination=named,
        sim=draft.answers.sim,
    )
    draft.step("activate_destination", "during", draft.answers.date, destination=named)


def sim_return(draft, dates):
    """R6.1–R6.5: physical cards go back by post; an eSIM profile is deleted after the end."""
    answers, snapshot = draft.answers, draft.snapshot
    end_day = dates.service_end.date()
    if answers.sim == "esim":
        # R6.5: an MNP line ends on activation; a cancelled one after month-end.
        delete_on = end_day if answers.goal == "mnp" else end_day + datetime.timedelta(days=1)
        draft.step(
            "delete_esim_profile",
            "after",
            delete_on,
            details=[detail("delete_after", goal=answers.goal)],
        )
        return
    fee = snapshot.fee("sim_damage", end_day)
    costs.sim_damage(draft, end_day, fee)
    if answers.sim_lost:
        # R6.3: a lost card is charged like an unreturned one, but may be waived on request.
        draft.step(
            "report_lost_card",
            "during",
            dates.apply_by,
            details=support_details(draft.source, answers),
            cards=answers.sim_lost,
            fee=fee,
        )
    to_return = answers.lines - answers.sim_lost
    if to_return <= 0:
        return
    # U1: postage at the price on the day the cards go back, the checklist's return-by day
    # (prices have only gone up, so an estimate for that day is never short).
    return_by = end_day + datetime.timedelta(days=RETURN_SIM_WITHIN_DAYS)
    postage = draft.use(snapshot.recommended_postage(return_by))
    address = draft.use(snapshot.return_address(end_day))
    costs.sim_return_costs(draft, end_day, return_by, fee, postage, to_return)
    details = [
        detail("return_address", address=address)
        if address
        else detail("missing", figure="return_address", on=end_day),
        detail("postage", postage=postage, price=int(postage.price))
        if postage
        else detail("missing", figure="postage", on=return_by),
    ]
    details.append(detail("what_to_send"))
    if answers.leaves_japan:
        # R3.5: international mail needs the address as it is, with the country added, and a
        # price the estimate (domestic postage, for someone in Japan) does not know.
        details.append(detail("international_mail"))
    if answers.abroad:
        code = "return_sim_from_abroad"  # R3.5: international mail, or someone in Japan
    elif answers.leaving:
        code = "return_sim_before_leaving"  # R6.4 by post before departure; else as from abroad
    else:
        code = "return_sim"
    draft.step(
        code,
        "after",
        return_by,
        details=details,
        cards=to_return,
    )


def hikari(draft):
    """R8.1: the fibre line stays; its mio割 discount ends after the last mobile line."""
    answers, snapshot = draft.answers, draft.snapshot
    if answers.hikari == "none":
        return
    if answers.staying:
        draft.tip("hikari_discount_continues")  # R9.3: a mobile line remains
        return
    fibre = draft.use(
        snapshot.fibre_plan(answers.hikari, answers.date) or snapshot.fibre_plan(answers.hikari)
    )
    discount = draft.use(snapshot.fee("hikari_discount", answers.date))
    if discount is None:
        draft.missing("hikari_discount_end", kind="ongoing", on=answers.date)
        return
    amount = costs.hikari_discount(draft, discount)
    before = draft.taxed(fibre.monthly_price, fibre.tax_class, answers.date) if fibre else None
    draft.warn("hikari_discount_ends", discount=amount, fibre=fibre, before=before)
    details = [detail("fibre_price_after", discount=amount, fibre=fibre, before=before)]
    early = snapshot.fee("hikari_early_exit", answers.date)
    if early:
        draft.use(early)
        details.append(
            detail(
                "fibre_exit",
                fee=early,
                amount=draft.taxed(early.amount, early.tax_class, answers.date),
            )
        )
    draft.step("hikari_review", "before", details=details)


def options(draft, dates):
    """R8.3: each continuing option is cancelled on its own, where its provider says."""
    if not draft.answers.options:
        return
    chosen = costs.options(draft)
    source = draft.source
    corporate = draft.answers.holder == "corporate"  # R1.5: no member page
    menu = "" if corporate else source.options_menu
    details = [detail("option_cancel", option=o, menu=menu) for o in chosen]
    if corporate:
        details.append(detail("corporate_window", source=source))
    elif source.options_menu:
        details.append(detail("options_menu", source=source))
    draft.step(
        "cancel_options",
        "before",
        dates.service_end.date(),
        details=details,
        help="" if corporate else HELP_LOGIN,
    )


def people(draft, dates):
    """R1.4 (who may apply) and R9.2 (share plans: the parent line last)."""
    answers = draft.answers
    support = support_details(draft.source, answers)
    if answers.lines > 1 or answers.staying:
        # R9.2/R9.3: the parent line goes last, or, with lines that stay, stays with them.
        draft.warn("share_parent_last", staying=answers.staying)
        draft.step(
            "share_order", "before", dates.apply_by, details=support, staying=answers.staying
        )
    if answers.holder == "corporate":
        draft.warn("corporate_window", source=draft.source)
        draft.step(
            "corporate_contact",
            "before",
            dates.apply_by - datetime.timedelta(days=CORPORATE_LEAD_DAYS),
            details=[
                detail("corporate_window", source=draft.source),
                detail("corporate_documents", source=draft.source),
            ],
        )
    elif answers.holder == "minor":
        draft.warn("guardian_required", adult_age=ADULT_AGE)
        # R1.5: the guardian acts before the number window opens (a cancellation: by apply_by).
        due = dates.apply_by
        if dates.mnp_number_from:
            due = dates.mnp_number_from - datetime.timedelta(days=1)
        draft.step("guardian_contact", "before", due)


def common_steps(draft, timing):
    """What everyone leaving does: back up, move registrations, apply, keep mail, card, bill."""
    answers, source = draft.answers, draft.source
    dates, effective = timing.dates, timing.effective_month
    end_day = dates.service_end.date()
    draft.step("backup", "before", dates.apply_by)
    if answers.leaves_japan and answers.goal == "cancel" and answers.service != "data":
        # R2.1/R3.5: a cancelled number is gone for good, and from abroad (or once the person
        # has left) the codes a bank or service sends to it by SMS are the way back into those
        # accounts; R2.2: only a voice line can keep the number by porting it out.
        draft.step(
            "codes_to_number",
            "before",
            dates.apply_by,
            can_port=answers.service == "voice",
        )
    draft.step("mail_registrations", "before", dates.apply_by)
    corporate = answers.holder == "corporate"  # R1.5: no member page
    if answers.goal == "cancel":
        details = []
        if corporate:
            details.append(detail("corporate_window", source=source))
        else:
            if source.cancel_menu:
                details.append(detail("menu", menu=source.cancel_menu))
            if source.maintenance_weekday is not None:
                details.append(detail("maintenance", source=source))
        details.append(detail("cancel_deadline", end_day=end_day))
        draft.step(
            "apply_cancel",
            "during",
            dates.apply_by,
            details=details,
            help="" if corporate else HELP_CANCEL_MENU,
            corporate=corporate,
        )
    mail = [detail("mail_from", domains=source.mail_domains)] if source.mail_domains else []
    draft.step(
        "keep_completion_mail",
        "after",
        # R4.4: the mail follows the end within hours to a day (after deleting an eSIM).
        end_day + datetime.timedelta(days=1),
        details=mail,
        help=HELP_COMPLETION_MAIL,
    )
    draft.step(
        "keep_card_valid",
        "after",
        month_end(dates.card_valid_until),
        details=[detail("card_valid_until", month=dates.card_valid_until)],
        reason=timing.card.reason,  # R7.1: what keeps the card in use that long
        # R3.5/R7.1: bills keep coming after a person abroad, or leaving, has left Japan.
        abroad=answers.leaves_japan,
        until=dates.card_valid_until,
    )
    draft.step(
        "check_statement",
        "after",
        month_end(dates.final_bill_month),
        details=support_details(source, answers),
        final_bill_month=dates.final_bill_month,
        effective_month=effective,
        corporate=corporate,
    )
