"""What leaving costs: share SIMs, minimum term, device, SIM return, fibre discount, options."""

import datetime

import pytest

from tests.conftest import item, warning_codes
from tests.snapshots import make_snapshot

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("lines", "monthly"),
    [
        (3, 1870),  # R1.3: 990 + 440 × 2 (the article's example)
        (2, 1430),  # after one card has left: 990 + 440
        (1, 990),
    ],
)
def test_share_cards_add_the_share_fee_each(make_plan, lines, monthly):
    result = make_plan(date="2025-10-10", plan="giga-5gb", lines=lines)
    share = item(result, "share_sims")
    assert item(result, "plan").amount_yen + (share.amount_yen if share else 0) == monthly


def test_it_never_adds_tax_to_a_tax_included_price(make_plan):
    # facts.md contradictions: "990円(税込1,089円)" is wrong; 990 already includes tax.
    result = make_plan(date="2025-10-10", plan="giga-5gb")
    assert item(result, "plan").amount_yen == 990
    assert item(result, "plan").tax_class == "incl"


@pytest.mark.parametrize(
    ("goal", "started", "day", "charged"),
    [
        ("cancel", "2019-08", "2019-09-20", True),  # R5.1: ends 09-30, the term's last day
        ("cancel", "2019-08", "2019-10-01", False),  # ends 10-31: past the term
        ("mnp", "2019-08", "2019-09-30", True),  # activation on the term's last day
        ("mnp", "2019-08", "2019-10-01", False),
        ("cancel", "2019-09", "2019-10-15", True),  # start 09 → term through 10-31
        ("cancel", "2019-10", "2019-10-15", False),  # new plan era: no minimum term
    ],
)
def test_the_old_plan_minimum_term_fee(make_plan, goal, started, day, charged):
    answers = {"goal": goal, "started": started, "date": day, "lines": 2}
    if goal == "mnp":
        answers["dest"] = "au"
    result = make_plan(**answers)
    fee = item(result, "min_term_fee")
    assert (fee is not None) is charged
    assert ("min_term" in warning_codes(result)) is charged
    # Only R5.1's fee: IIJmio光's own minimum term is not a cost of leaving the mobile line.
    assert [i.code for i in result.items].count("min_term_fee") == (1 if charged else 0)
    if charged:
        assert fee.amount_yen == 2000  # 1,000 不課税 per voice line, no tax added
        assert fee.tax_class == "none"
        assert fee.disputed and fee.provenance.note


def test_the_minimum_term_follows_the_fee_data_not_a_date_in_code(make_plan):
    # R5.1: an editor who extends the contracts the rule covers makes it charge them too.
    extended = make_snapshot(fees={"min_term_voice": {"contracted_to": D("2026-09-30")}})
    answers = {"started": "2026-09", "date": "2026-10-15"}
    assert item(make_plan(**answers), "min_term_fee") is None
    assert item(make_plan(data=extended, **answers), "min_term_fee").amount_yen == 1000


def test_data_lines_have_no_minimum_term(make_plan):
    result = make_plan(service="data", started="2019-08", date="2019-09-20")
    assert item(result, "min_term_fee") is None  # R5.1


def test_device_paid_monthly_says_how_many_payments_are_left(make_plan, words):
    result = make_plan(
        date="2025-10-10", device_left=12000, device_payoff="monthly", device_monthly=2000
    )
    device = item(result, "device_monthly")
    assert device.kind == "ongoing" and device.amount_yen == 2000  # R5.4
    assert device.params["payments"] == 6  # the article's example: November to April
    detail = next(i["detail"] for i in words(result).items if i["code"] == "device_monthly")
    assert "あと6回" in detail
    assert result.charges_total_yen == 0


@pytest.mark.parametrize(
    ("left", "advice"),
    [(9999, "気にせず"), (10000, "特典"), (29999, "特典"), (30000, "一括で払い終えて")],
)
def test_device_advice_by_balance(make_plan, words, left, advice):
    result = make_plan(date="2025-10-10", device_left=left, device_payoff="lump")
    assert item(result, "device_lump").amount_yen == left
    text = next(w["text"] for w in words(result).warnings if w["code"] == "device_balance")
    assert advice in text


@pytest.mark.parametrize(
    ("lines", "lost", "postage", "damage", "risk"),
    [
        (1, 0, 460, None, 2000),  # R6.4 recommended method (U1: 460 from 2024-10); R6.3
        (3, 1, 460, 2000, 4000),  # one envelope for the two cards left
        (2, 2, None, 4000, None),  # nothing to post
    ],
)
def test_returning_physical_cards(make_plan, details_of, lines, lost, postage, damage, risk):
    result = make_plan(date="2025-10-10", lines=lines, sim_lost=lost)
    for code, amount, kind in (
        ("postage", postage, "own"),
        ("sim_damage", damage, "charge"),
        ("sim_damage_risk", risk, "risk"),
    ):
        found = item(result, code)
        assert (found.amount_yen if found else None) == amount
        if found:
            assert found.kind == kind
            if code != "postage":
                assert found.disputed and found.tax_class == "none"  # R6.3 disputed, 不課税
    return_step = next((c for c in result.checklist if c.code == "return_sim"), None)
    assert (return_step is not None) is (lines > lost)
    if return_step:
        assert "143-0006" in details_of(result, "return_sim")["返却先"]  # R6.2
        assert return_step.due == D("2025-10-31") + datetime.timedelta(days=14)


def test_an_esim_returns_nothing_and_deletes_its_profile_after_the_end(make_plan):
    result = make_plan(date="2025-10-10", sim="esim")
    assert not {"postage", "sim_damage", "sim_damage_risk"} & {i.code for i in result.items}
    step = next(c for c in result.checklist if c.code == "delete_esim_profile")
    assert step.due == D("2025-11-01")  # R6.5: after month-end


@pytest.mark.parametrize(
    ("hikari", "before", "after"), [("mansion", 4356, 5016), ("family", 5456, 6116)]
)
def test_the_fibre_discount_ends_with_the_last_mobile_line(
    make_plan, details_of, hikari, before, after
):
    result = make_plan(date="2025-10-10", hikari=hikari)
    assert item(result, "hikari_discount_end").amount_yen == 660  # R8.1
    assert "hikari_discount_ends" in warning_codes(result)
    price = details_of(result, "hikari_review")["mio割がなくなった後の月額"]
    assert f"{before:,}円 → 月{after:,}円" in price


def test_continuing_options_are_listed_with_where_to_cancel(make_plan, details_of):
    result = make_plan(date="2025-10-10", options="virusbuster,tabuho")
    assert [i.code for i in result.items if i.code.startswith("option:")] == [
        "option:tabuho",
        "option:virusbuster",
    ]
    assert item(result, "option:tabuho").amount_yen == 550  # R8.3
    assert "トレンドマイクロ" in details_of(result, "cancel_options")["ウイルスバスター モバイル"]


@pytest.mark.parametrize(
    ("answers", "warning", "step"),
    [
        ({"lines": 2}, "share_parent_last", "share_order"),  # R9.2
        ({"holder": "corporate"}, "corporate_window", "corporate_contact"),  # R1.4
        ({"holder": "minor"}, "guardian_required", "guardian_contact"),
    ],
)
def test_who_applies_and_in_which_order(make_plan, answers, warning, step):
    result = make_plan(date="2025-10-10", **answers)
    assert warning in warning_codes(result)
    assert step in {c.code for c in result.checklist}


def test_every_step_has_a_known_phase_and_the_card_stays_valid_two_months(make_plan):
    result = make_plan(date="2025-10-10")
    assert {c.phase for c in result.checklist} <= {"before", "during", "after"}
    card = next(c for c in result.checklist if c.code == "keep_card_valid")
    assert card.due == D("2025-12-31")  # R7.1: through M+2


@pytest.mark.parametrize(
    ("day", "mentioned"),
    [
        ("2019-10-15", True),  # R5.1: a 2019-09 start could still be inside its term
        ("2025-10-10", False),  # no contract the rule covers can still be inside its term
    ],
)
def test_without_a_start_month_it_mentions_the_minimum_term_only_while_it_could_apply(
    make_plan, words, day, mentioned
):
    result = make_plan(date=day, service="voice")
    assert item(result, "min_term_fee") is None
    # The cut-off comes from the fee's data, so an editor's change reaches this tip too.
    tips = [tip for tip in words(result).tips if "2019年9月30日(月)以前に契約した回線" in tip]
    assert bool(tips) is mentioned
