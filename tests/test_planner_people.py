"""Advice for people off the common path: a window already gone, money still to come, corporate
holders, minors, lost cards and people abroad (R1.5, R3.5, R4.1, R4.7, R5.4, R6.3, R7.1, R7.2)."""

import datetime

import pytest

from kaiyaku.planner.calendar import JST

D = datetime.date.fromisoformat


def at(text):
    """A moment in Japan time, "2026-06-01 12:00"."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=JST)


def mnp(make_plan, **answers):
    return make_plan(**{"goal": "mnp", "dest": "docomo", **answers})


def warning(result, code):
    return next((w for w in result.warnings if w.code == code), None)


def step(result, code):
    return next((c for c in result.checklist if c.code == code), None)


def text_of(words, result, code):
    return next(w["text"] for w in words(result).warnings if w["code"] == code)


# -- a number window already behind today (R4.7) ------------------------------------------------


@pytest.mark.parametrize(
    ("now", "sim", "issued", "earliest", "extra_months"),
    [
        # R4.7: during the issuing hours the number comes at once; a card takes 5 days (R4.4).
        ("2026-06-01 12:00", "physical", "2026-06-01 12:00", "2026-06-06", 1),
        ("2026-06-01 12:00", "esim", "2026-06-01 12:00", "2026-06-01", 1),
        # R4.1: after 20:00 the number is issued from 09:00 next morning.
        ("2026-06-01 20:30", "esim", "2026-06-02 09:00", "2026-06-02", 1),
        ("2026-06-02 07:00", "esim", "2026-06-02 09:00", "2026-06-02", 1),
        # R3.4: nothing is issued in the weekly stop (Tuesday 23:00 → Wednesday 05:00).
        ("2026-06-02 23:30", "esim", "2026-06-03 09:00", "2026-06-03", 1),
    ],
)
def test_a_window_already_gone_is_said_first_with_the_earliest_activation(
    make_plan, time_machine, now, sim, issued, earliest, extra_months
):
    time_machine.move_to(at(now), tick=False)
    result = mnp(make_plan, date="2026-05-29", sim=sim, plan="giga-5gb")
    passed = result.warnings[0]
    assert passed.code == "mnp_window_passed"
    assert passed.params["issued_at"] == at(issued)
    assert passed.params["earliest"] == D(earliest)
    assert passed.params["extra_months"] == extra_months
    assert passed.params["extra_yen"] == 990 * extra_months  # R4.5: a further full month
    # The plan as asked keeps its dates and costs, so its permalink means the same thing.
    assert result.dates.service_end.date() == D("2026-05-29")
    assert result.charges_total_yen == 990


def test_a_window_gone_says_an_esim_may_avoid_the_extra_month(make_plan, time_machine, words):
    time_machine.move_to(at("2026-05-30 12:00"), tick=False)
    result = mnp(make_plan, date="2026-05-31", sim="physical", plan="giga-5gb")
    passed = warning(result, "mnp_window_passed")
    assert passed.params["earliest"] == D("2026-06-04")  # a card would come in June
    assert passed.params["esim_saves"] is True  # an eSIM activates on 2026-05-30
    text = text_of(words, result, "mnp_window_passed")
    assert "2026年6月4日(木)" in text and "990円" in text and "eSIM" in text


def test_a_window_still_open_gets_no_late_warning_but_the_after_hours_one(make_plan, words):
    result = mnp(make_plan, date="2026-06-30")  # today is 2026-06-01
    assert warning(result, "mnp_window_passed") is None
    after_hours = warning(result, "number_after_hours")  # R4.1
    assert after_hours.params["last_day"] == result.dates.mnp_number_to
    assert "20:00より後" in text_of(words, result, "number_after_hours")
    assert "翌朝9:00" in text_of(words, result, "number_after_hours")


def test_the_warnings_of_the_reading_day_leave_the_figures_hash_alone(make_plan, time_machine):
    before = mnp(make_plan, date="2026-06-30")
    time_machine.move_to(at("2026-07-15 12:00"), tick=False)
    after = mnp(make_plan, date="2026-06-30")
    assert warning(after, "mnp_window_passed") and not warning(before, "mnp_window_passed")
    assert before.figures_hash == after.figures_hash


# -- money still to come (R5.4, R7.1, R7.2) ---------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "card_until", "reason"),
    [
        ({}, "2026-12", "final_bill"),  # R7.1: October + 2
        # R5.4: 12,000 at 2,000 → 6 payments, November to April; April + 2 = June.
        (
            {"device_left": 12000, "device_payoff": "monthly", "device_monthly": 2000},
            "2027-06",
            "instalments",
        ),
        ({"device_left": 12000, "device_payoff": "lump"}, "2026-12", "final_bill"),
        ({"sim_lost": 1}, "2027-01", "damage_fee"),  # R6.3: the damage fee comes later
        # Both: the later one wins.
        (
            {
                "sim_lost": 1,
                "device_left": 4000,
                "device_payoff": "monthly",
                "device_monthly": 2000,
            },
            "2027-02",
            "instalments",
        ),
    ],
)
def test_the_card_stays_valid_until_the_last_charge_can_reach_it(
    make_plan, answers, card_until, reason
):
    result = make_plan(date="2026-10-10", **answers)
    assert result.dates.card_valid_until.strftime("%Y-%m") == card_until
    keep = step(result, "keep_card_valid")
    assert keep.params["reason"] == reason
    entry = next(e for e in result.timeline if e.code == "card_valid_until")
    assert entry.params["reason"] == reason


@pytest.mark.parametrize(
    ("left", "monthly", "payments"),
    [
        (12000, 2000, 6),  # R5.4: the article's first example
        (28900, 2408, 12),  # R5.4: 4 yen left over is folded in, not a 13th payment
        (2000, 2000, 1),  # the last payment
    ],
)
def test_it_counts_the_remaining_instalments_as_the_article_does(
    make_plan, left, monthly, payments
):
    result = make_plan(
        date="2026-10-10", device_left=left, device_payoff="monthly", device_monthly=monthly
    )
    item = next(i for i in result.items if i.code == "device_monthly")
    assert item.params["payments"] == payments


def test_every_estimate_says_usage_charges_are_not_in_it(make_plan, words):
    for result in (make_plan(date="2026-10-10"), mnp(make_plan, date="2026-10-30")):
        assert warning(result, "usage_not_included").params["final_month"] == D("2026-10-01")
        assert "通話料" in text_of(words, result, "usage_not_included")  # R7.2


# -- corporate holders and minors (R1.4, R1.5) ----------------------------------------------


@pytest.mark.parametrize("goal", ["cancel", "mnp"])
def test_a_corporate_holder_is_never_sent_to_the_member_page(make_plan, words, goal):
    answers = {"date": "2026-10-20", "holder": "corporate", "options": "tabuho", "lines": 2}
    result = mnp(make_plan, **answers) if goal == "mnp" else make_plan(**answers)
    worded = words(result)
    everything = " ".join(
        [w["text"] for w in worded.warnings]
        + [c["text"] for c in worded.checklist]
        + [f"{d['label']} {d['value']}" for c in worded.checklist for d in c["details"]]
    )
    assert "0570-09-4400" not in everything  # R1.5: not the personal support line
    assert "会員専用ページ >" not in everything  # no member-page menu
    member_page_help = {"login", "cancel-menu", "mnp-number"}
    assert not member_page_help & {c["help"] for c in worded.checklist}
    assert "平日9:00〜17:00" in everything  # the corporate window's hours (data)
    assert "会社の印鑑" in everything  # the documents it may ask for
    assert "1週間" in everything  # the days it takes
    corporate = step(result, "corporate_contact")
    assert corporate.due == result.dates.apply_by - datetime.timedelta(days=7)


def test_a_corporate_cancellation_is_not_stopped_by_member_page_maintenance(make_plan):
    result = make_plan(date="2026-03-31", time="23:30", holder="corporate")  # a Tuesday
    assert warning(result, "maintenance") is None  # R3.4 is the member page's
    assert result.effective_month == D("2026-03-01")


def test_a_minors_guardian_acts_before_the_number_window_opens(make_plan):
    result = mnp(make_plan, date="2026-10-30", holder="minor")
    guardian = step(result, "guardian_contact")
    assert guardian.due < result.dates.mnp_number_from  # R1.5
    cancel = make_plan(date="2026-10-10", holder="minor")
    assert step(cancel, "guardian_contact").due == cancel.dates.apply_by


# -- lost cards (R6.3) ------------------------------------------------------------------


def test_a_lost_card_is_reported_with_the_question_of_the_fee(make_plan, words):
    result = make_plan(date="2026-10-10", lines=2, sim_lost=1)
    lost = step(result, "report_lost_card")
    assert lost.params["cards"] == 1 and lost.due == result.dates.apply_by
    text = next(c["text"] for c in words(result).checklist if c["code"] == "report_lost_card")
    assert "免除" in text
    assert step(make_plan(date="2026-10-10"), "report_lost_card") is None


# -- abroad (R3.5) --------------------------------------------------------------------


def test_abroad_the_region_is_named_never_the_zone_id(make_plan, words):
    result = make_plan(date="2026-10-31", time="08:00", tz="America/Los_Angeles")
    text = text_of(words, result, "overseas_deadline")
    assert "America/Los_Angeles" not in text
    assert "ロサンゼルス" in text
    far = make_plan(date="2026-10-10", tz="Pacific/Kiritimati")
    assert "Kiritimati" in text_of(words, far, "overseas_deadline")
    assert "Pacific/" not in text_of(words, far, "overseas_deadline")


def test_abroad_support_is_chat_and_the_mail_form_not_a_0570_number(make_plan, details_of):
    result = make_plan(date="2026-10-10", tz="Europe/London", lines=2)
    for code in ("share_order", "check_statement"):
        details = details_of(result, code)
        assert "電話" not in details
        assert {"チャット", "メールフォーム"} <= set(details)


def test_abroad_the_cards_go_back_by_international_mail_or_someone_in_japan(make_plan, words):
    result = make_plan(date="2026-10-10", tz="Europe/London")
    assert step(result, "return_sim") is None
    back = next(c for c in words(result).checklist if c["code"] == "return_sim_from_abroad")
    assert "国際郵便" in back["text"] and "日本にいる" in back["text"]
    assert step(make_plan(date="2026-10-10"), "return_sim") is not None


@pytest.mark.parametrize(
    ("answers", "step_expected", "can_port"),
    [
        # R3.5 + R2.1: from abroad, a cancelled number can no longer receive a bank's codes.
        ({"tz": "Europe/London"}, True, True),
        # R2.2: an SMS line has a number but cannot port it out: only keeping the line keeps it.
        ({"tz": "Europe/London", "service": "sms"}, True, False),
        # A data line receives no SMS codes; a port-out keeps the number anyway; in Japan the
        # codes still reach the person until the end.
        ({"tz": "Europe/London", "service": "data"}, False, None),
        ({"tz": "Europe/London", "goal": "mnp", "dest": "docomo"}, False, None),
        ({}, False, None),
    ],
)
def test_abroad_a_number_that_receives_codes_is_moved_or_kept_before_cancelling(
    make_plan, answers, step_expected, can_port
):
    result = make_plan(date="2026-10-10", **answers)
    codes = step(result, "codes_to_number")
    assert (codes is not None) == step_expected
    if codes:
        assert codes.phase == "before"
        assert codes.due == result.dates.apply_by  # before the cancellation is applied for
        assert codes.params["can_port"] is can_port


@pytest.mark.parametrize(
    ("answers", "abroad", "until"),
    [
        ({"tz": "America/Los_Angeles"}, True, "2026-12"),  # R7.1: October + 2, R3.5: abroad
        ({"tz": "America/Los_Angeles", "sim_lost": 1}, True, "2027-01"),  # R6.3 + R7.1
        ({}, False, "2026-12"),  # in Japan: the card rule alone (R7.1)
    ],
)
def test_abroad_the_paying_card_is_kept_valid_after_leaving_japan(
    make_plan, words, answers, abroad, until
):
    result = make_plan(date="2026-10-10", **answers)
    keep = step(result, "keep_card_valid")
    assert keep.params["abroad"] is abroad
    assert keep.params["until"].strftime("%Y-%m") == until
    text = next(c["text"] for c in words(result).checklist if c["code"] == "keep_card_valid")
    year, month = until.split("-")
    assert (f"日本を離れたあとも、{year}年{int(month)}月末まで" in text) is abroad


def test_abroad_the_return_says_how_to_address_international_mail(make_plan, details_of):
    # R3.5: the address stays in Japanese, the country is added; the estimate is domestic.
    abroad = details_of(make_plan(date="2026-10-10", tz="Europe/London"), "return_sim_from_abroad")
    assert "JAPAN" in abroad["国際郵便で送るとき"]
    assert "東京都大田区" in abroad["返却先"]
    at_home = details_of(make_plan(date="2026-10-10"), "return_sim")
    assert "国際郵便で送るとき" not in at_home


# -- about to leave Japan (R2.1, R3.5, R7.1) ------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "codes", "card_abroad", "returned_by"),
    [
        # Still in Japan but leaving: the same advice as abroad on the number (R2.1/R3.5) and
        # the card (R7.1); the card goes back by post before departure, or from abroad.
        ({"leaving": 1}, True, True, "return_sim_before_leaving"),
        ({"leaving": 1, "service": "sms"}, True, True, "return_sim_before_leaving"),
        # R2.1: a data line receives no codes; a port-out keeps the number.
        ({"leaving": 1, "service": "data"}, False, True, "return_sim_before_leaving"),
        ({"leaving": 1, "goal": "mnp", "dest": "docomo"}, False, True, "return_sim_before_leaving"),
        # R6.1: an eSIM has no card to return.
        ({"leaving": 1, "sim": "esim"}, True, True, None),
        # Already abroad: abroad's return step, whether or not the box is ticked (R3.5).
        ({"leaving": 1, "tz": "Europe/London"}, True, True, "return_sim_from_abroad"),
        ({"leaving": 0}, False, False, "return_sim"),
        ({}, False, False, "return_sim"),
    ],
)
def test_leaving_japan_gets_the_number_card_and_sim_advice_of_someone_abroad(
    make_plan, answers, codes, card_abroad, returned_by
):
    result = make_plan(date="2026-10-10", **answers)
    assert (step(result, "codes_to_number") is not None) is codes
    assert step(result, "keep_card_valid").params["abroad"] is card_abroad
    returns = {"return_sim", "return_sim_from_abroad", "return_sim_before_leaving"}
    returned = [c.code for c in result.checklist if c.code in returns]
    assert returned == ([returned_by] if returned_by else [])


def test_leaving_japan_the_card_goes_back_before_departure_or_by_international_mail(
    make_plan, words, details_of
):
    result = make_plan(date="2026-10-10", leaving=1)
    back = next(c for c in words(result).checklist if c["code"] == "return_sim_before_leaving")
    assert "出国の前に" in back["text"] and "簡易書留" in back["text"]
    assert "国際郵便" in back["text"]
    details = details_of(result, "return_sim_before_leaving")
    assert "JAPAN" in details["国際郵便で送るとき"]  # R3.5: if it is too late to post at home
    assert "東京都大田区" in details["返却先"]
    keep = next(c for c in words(result).checklist if c["code"] == "keep_card_valid")
    assert "日本を離れたあとも、2026年12月末まで" in keep["text"]  # R7.1: October + 2


# -- order on one day ---------------------------------------------------------------------


def test_on_one_day_applying_comes_before_activating(make_plan):
    result = mnp(make_plan, date="2026-10-30", sim="esim")  # apply and activate the same day
    codes = [e.code for e in result.timeline]
    assert codes.index("apply_destination_by") < codes.index("activation")


def test_the_esim_profile_goes_after_the_end_and_the_completion_mail_after_that(make_plan):
    for result in (
        mnp(make_plan, date="2026-10-30", sim="esim"),
        make_plan(date="2026-10-10", sim="esim"),
    ):
        end = result.dates.service_end.date()
        delete = step(result, "delete_esim_profile")
        mail = step(result, "keep_completion_mail")
        assert delete.due >= end  # R6.5: after activation or month-end
        assert mail.due > delete.due or (
            mail.due == delete.due and result.checklist.index(mail) > result.checklist.index(delete)
        )


# -- some lines of a share plan stay (R9.3) ---------------------------------------------


def test_with_lines_staying_the_plan_goes_on_and_only_the_leaving_cards_are_charged(make_plan):
    # The article's example: 990 + 440 × 2 = 1,870; one extra card leaves, two lines stay.
    result = make_plan(date="2026-10-10", plan="giga-5gb", lines=1, staying=2)
    assert {i.code for i in result.items if i.kind == "charge"} == {"share_sims"}
    share = next(i for i in result.items if i.code == "share_sims")
    assert share.amount_yen == 440  # the leaving card's fee through the final month
    staying = next(i for i in result.items if i.code == "staying_lines")
    assert staying.kind == "ongoing" and staying.amount_yen == 1430
    assert warning(result, "plan_not_included") is None


def test_with_lines_staying_the_parent_line_rule_is_about_them(make_plan, words):
    result = make_plan(date="2026-10-10", plan="giga-5gb", staying=1)
    parent = warning(result, "share_parent_last")
    assert parent.params["staying"] == 1  # R9.2 applied to the lines that stay
    assert "残す" in text_of(words, result, "share_parent_last")
    assert step(result, "share_order").params["staying"] == 1


def test_with_lines_staying_the_fibre_discount_goes_on(make_plan, words):
    result = make_plan(date="2026-10-10", hikari="mansion", staying=1)
    assert warning(result, "hikari_discount_ends") is None  # R9.3, R8.1
    assert not [i for i in result.items if i.code == "hikari_discount_end"]
    assert any("mio割はそのまま続きます" in tip for tip in words(result).tips)
