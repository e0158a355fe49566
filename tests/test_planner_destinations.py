"""Where to go: each destination side by side, the number's clock at each, MNPワンストップ and
"not decided yet" (§11, R4.2–R4.4, U4)."""

import dataclasses
import datetime

import pytest

from kaiyaku.planner.destinations import (
    UNDECIDED,
    Window,
    cheapest_plan,
    compare,
    data_amounts,
    one_stop,
    strictest,
)
from tests.conftest import warning_codes
from tests.snapshots import make_snapshot

D = datetime.date.fromisoformat
ON = D("2026-11-25")


def offers_by_code(snapshot, **kwargs):
    return {o.destination.code: o for o in compare(snapshot, on=ON, **kwargs)}


@pytest.mark.parametrize(
    ("code", "network", "plan", "price", "days", "disputed"),
    [
        ("docomo", "docomo", None, None, 10, False),  # R4.3; §11 lists no price
        ("au", "au", None, None, 10, False),
        ("softbank", "SoftBank", None, None, 10, False),
        ("rakuten", "楽天", "rakuten-20gb", 2178, 7, False),  # §11: ≤20GB tier
        ("ahamo", "docomo", "ahamo-20gb", 2970, 10, False),
        ("povo", "au", "povo-20gb", 2700, 13, True),  # R4.3: 13 only in the article
        ("linemo", "SoftBank", "linemo-20gb", 2728, 10, False),
        ("uq", "au", "uq-20gb", 3278, 10, False),
        ("ymobile", "SoftBank", "ymobile-20gb", 4015, 10, False),
        ("mineo", "docomo, au, SoftBank", "mineo-20gb", 2178, 10, False),
        ("nuro", "docomo, au, SoftBank", "nuro-20gb", 2699, 10, False),
        ("other", "", None, None, 10, False),  # R4.3: unknown MVNO, the longer 10
    ],
)
def test_the_comparison_gives_each_destination_at_20gb(
    snapshot, code, network, plan, price, days, disputed
):
    offer = offers_by_code(snapshot, data_gb=20)[code]
    assert offer.destination.networks == network
    assert (offer.plan.code if offer.plan else None) == plan
    assert offer.price_yen == price
    assert offer.days_required == days
    assert offer.destination.disputed is disputed
    assert offer.destination.mnp_one_stop == "unverified"  # U4: until an editor confirms
    assert offer.clock is None  # no window: the page was not opened from a result


def test_the_comparison_keeps_the_datas_order_and_every_destination(snapshot):
    codes = [o.destination.code for o in compare(snapshot, data_gb=20, on=ON)]
    assert codes == [c.code for c in snapshot.destinations]


@pytest.mark.parametrize(
    ("data_gb", "code", "plan"),
    [
        (3, "linemo", "linemo-mini"),  # §11: 3GB 990
        (3, "rakuten", "rakuten-3gb"),  # tiered: ≤3GB
        (5, "rakuten", "rakuten-20gb"),  # the tier that covers 5GB
        (None, "rakuten", "rakuten-unlimited"),
        (None, "linemo", None),  # no unlimited plan
        (4, "uq", "uq-4gb"),
        (5, "uq", "uq-20gb"),
        (10, "mineo", "mineo-10gb"),
        (5, "nuro", "nuro-5gb"),
        (3, "ahamo", "ahamo-20gb"),  # only one plan: it covers less too
    ],
)
def test_the_price_is_the_cheapest_plan_with_enough_data(snapshot, data_gb, code, plan):
    found = cheapest_plan(snapshot.plans_of(code, ON), data_gb)
    assert (found.code if found else None) == plan


def test_a_plan_no_longer_offered_is_left_out(snapshot):
    data = make_snapshot(plans={"linemo-mini": {"is_current": False}})
    assert offers_by_code(snapshot, data_gb=3)["linemo"].price_yen == 990
    assert offers_by_code(data, data_gb=3)["linemo"].plan.code == "linemo-20gb"


def test_the_amounts_on_offer_come_from_the_plans(snapshot):
    assert data_amounts(snapshot, ON) == (3, 4, 5, 10, 20, None)


# R4.2/R4.3: a number taken on the window's first day expires 14 days later; a destination that
# needs N days left takes it until first + 15 − N. R4.4: a card leaves 5 days before activation.
AHAMO_WINDOW = Window(first=D("2026-12-10"), activation=D("2026-12-20"), sim="physical")


@pytest.mark.parametrize(
    ("code", "number_last_day", "last_day", "works", "take_from"),
    [
        ("ahamo", "2026-12-15", "2026-12-15", True, "2026-12-10"),  # the window's own rule
        ("docomo", "2026-12-15", "2026-12-15", True, "2026-12-10"),
        ("rakuten", "2026-12-18", "2026-12-15", True, "2026-12-07"),  # 7 days: the card binds
        ("povo", "2026-12-12", "2026-12-12", False, "2026-12-13"),  # 13 days: too few left
        ("other", "2026-12-15", "2026-12-15", True, "2026-12-10"),
    ],
)
def test_the_last_day_to_apply_at_each_destination_follows_the_window(
    snapshot, code, number_last_day, last_day, works, take_from
):
    clock = offers_by_code(snapshot, data_gb=20, window=AHAMO_WINDOW)[code].clock
    assert clock.apply_by == D("2026-12-15")
    assert clock.number_last_day == D(number_last_day)
    assert clock.last_day == D(last_day)
    assert clock.works is works
    assert clock.take_from == D(take_from)


def test_an_esim_window_is_applied_for_on_the_activation_day(snapshot):
    # R4.4: an eSIM is same-day, so the application can wait for the activation day.
    window = Window(first=D("2026-12-15"), activation=D("2026-12-20"), sim="esim")
    clock = offers_by_code(snapshot, data_gb=20, window=window)["docomo"].clock
    assert (clock.apply_by, clock.last_day, clock.works) == (D("2026-12-20"), D("2026-12-20"), True)


def test_povo_is_the_strictest_rule(snapshot):
    # R4.3: 13 days, the most any destination asks.
    assert strictest(snapshot).code == "povo"


def test_an_edited_days_requirement_changes_the_strictest_rule(snapshot):
    data = make_snapshot(carriers={"rakuten": {"mnp_days_required": 14}})
    assert strictest(data).code == "rakuten"


@pytest.mark.parametrize(
    ("source", "destination", "on", "route"),
    [
        ("unverified", "unverified", "2026-12-15", "unverified"),  # U4: as seeded
        ("yes", "yes", "2026-12-15", "yes"),
        ("unverified", "yes", "2026-12-15", "unverified"),
        ("yes", "unverified", "2026-12-15", "unverified"),
        ("yes", "no", "2026-12-15", None),
        ("no", "yes", "2026-12-15", None),
        ("yes", "yes", "2023-05-23", None),  # U4: began 2023-05-24
        ("yes", "yes", "2023-05-24", "yes"),
    ],
)
def test_one_stop_needs_both_carriers_from_the_day_they_joined(
    snapshot, source, destination, on, route
):
    iijmio = dataclasses.replace(snapshot.source, mnp_one_stop=source)
    ahamo = dataclasses.replace(snapshot.destination("ahamo"), mnp_one_stop=destination)
    assert one_stop(ahamo, iijmio, D(on)) == route


# -- the MNP result ---------------------------------------------------------------------------

ONE_STOP_LABEL = "予約番号を取らない方法(MNPワンストップ)"


def one_stop_detail(make_plan, details_of, data=None, **answers):
    answers = {"goal": "mnp", "dest": "ahamo", "date": "2026-12-20", **answers}
    result = make_plan(data=data, **answers) if data else make_plan(**answers)
    details = details_of(result, "get_mnp_number")
    found = {label: value for label, value in details.items() if label.startswith(ONE_STOP_LABEL)}
    return result, found


def test_while_iijmio_is_unverified_the_one_stop_note_is_marked_to_check(make_plan, details_of):
    # U4: the reservation number stays the route the dates are built on.
    result, note = one_stop_detail(make_plan, details_of)
    [(label, text)] = note.items()
    assert label == f"{ONE_STOP_LABEL} 要確認"
    assert "IIJmioとahamoがMNPワンストップ方式に対応しているかは、まだ確かめられていません" in text
    assert "予約番号を取る方法で日付を組んでいます" in text
    assert result.dates.mnp_number_from == D("2026-12-10")


def test_a_destination_confirmed_alone_still_leaves_iijmio_to_check(make_plan, details_of):
    data = make_snapshot(carriers={"ahamo": {"mnp_one_stop": "yes"}})
    _, note = one_stop_detail(make_plan, details_of, data=data)
    [(label, text)] = note.items()
    assert label.endswith("要確認")
    assert text.startswith("IIJmioがMNPワンストップ方式に対応しているかは")


def test_when_both_take_part_the_one_stop_route_is_explained_beside_the_number(
    make_plan, details_of
):
    data = make_snapshot(
        carriers={"iijmio": {"mnp_one_stop": "yes"}, "ahamo": {"mnp_one_stop": "yes"}}
    )
    result, note = one_stop_detail(make_plan, details_of, data=data)
    [(label, text)] = note.items()
    assert label == ONE_STOP_LABEL
    assert (
        "予約番号を取らずに、ahamoのオンライン申し込みの途中でIIJmioの会員ページにログイン" in text
    )
    assert "2026年12月15日(火)までに申し込めば間に合います" in text
    # The number's window is still given: a shop application needs it.
    assert result.dates.mnp_number_from == D("2026-12-10")


@pytest.mark.parametrize(
    ("changes", "answers"),
    [
        ({"ahamo": {"mnp_one_stop": "no"}}, {}),
        ({"iijmio": {"mnp_one_stop": "no"}}, {}),
        ({}, {"date": "2023-05-20", "sim": "esim"}),  # U4: before MNPワンストップ began
        ({}, {"holder": "corporate"}),  # R1.5: the corporate window, not an online sign-up
    ],
    ids=["destination-no", "iijmio-no", "before-2023-05-24", "corporate"],
)
def test_no_one_stop_note_where_the_route_does_not_exist(make_plan, details_of, changes, answers):
    data = make_snapshot(carriers=changes) if changes else None
    _, note = one_stop_detail(make_plan, details_of, data=data, **answers)
    assert note == {}


# -- not decided yet ----------------------------------------------------------------------------


@pytest.fixture
def undecided(make_plan):
    return lambda **answers: make_plan(goal="mnp", dest=UNDECIDED, **answers)


def test_not_decided_yet_dates_the_number_on_the_most_demanding_rule(undecided, make_plan):
    # R4.3: povo's 13 days: a window every destination accepts.
    result = undecided(date="2026-12-20")
    povo = make_plan(goal="mnp", dest="povo", date="2026-12-20")
    assert result.dates == povo.dates
    assert "destination_undecided" in warning_codes(result)
    notice = next(w for w in result.warnings if w.code == "destination_undecided")
    assert notice.params["strictest"].code == "povo"
    assert notice.params["days_required"] == 13


def test_not_decided_yet_works_at_every_destination(undecided, snapshot):
    result = undecided(date="2026-12-20")
    window = Window(result.dates.mnp_number_from, result.answers.date, result.answers.sim)
    assert all(o.clock.works for o in compare(snapshot, data_gb=20, on=ON, window=window))


def test_not_decided_yet_names_no_destination_in_the_steps(undecided, words):
    worded = words(undecided(date="2026-12-20"))
    steps = {c["code"]: c for c in worded.checklist}
    assert "povo" not in steps["get_mnp_number"]["text"]
    assert "残り13日に合わせた期間" in steps["get_mnp_number"]["text"]
    assert steps["apply_destination"]["text"].startswith("決めた乗り換え先に")
    assert steps["activate_destination"]["text"].startswith("乗り換え先で開通")
    assert not [d for d in steps["get_mnp_number"]["details"] if d["code"] == "one_stop"]
    [text] = [w["text"] for w in worded.warnings if w["code"] == "destination_undecided"]
    assert "povo2.0の13日に合わせて日付を組みました" in text


def test_not_decided_yet_is_an_answer_of_the_contract(undecided):
    # contract.md: dest=undecided round-trips through the canonical query and the JSON.
    answers = undecided(date="2026-12-20").answers
    assert answers.to_query()["dest"] == "undecided"
    assert answers.as_json()["dest"] == "undecided"
