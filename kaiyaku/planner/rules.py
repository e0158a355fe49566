"""The rules of leaving IIJmio: normalised answers + a data snapshot → a Result.

Pure Python: no request, no ORM. Every figure the business may change (days, fees, windows,
hours, addresses) comes from the snapshot; the product's own conventions are the named constants
below, each with the rule it serves (facts.md). All rules run in Japan time.
"""

import dataclasses
import datetime
import hashlib
import math

from .calendar import (
    JST,
    add_months,
    in_japan,
    jp_date,
    jp_month,
    jp_time,
    month_end,
    month_start,
    months_between,
    nightly_processing,
    weekly_maintenance,
)
from .money import tax_included, tax_label, yen
from .result import ChecklistItem, CostItem, Dates, Result, Warning

# R3.3 convention: recommend applying by the last day of the month minus 3 (10-28, 11-27).
APPLY_DAYS_BEFORE_MONTH_END = 3
# R3.3 (the article's risk table): from this time on the last day the risk is "very high".
VERY_HIGH_RISK_FROM = datetime.time(23, 0)
# R4.4 convention: a physical SIM may take up to 5 days to arrive; an eSIM is same-day.
SIM_DELIVERY_DAYS = {"physical": 5, "esim": 0}
# R6.1/R6.3 convention: post the cards back within 14 days of the service end, well before the
# damage fee is typically charged (about 3 months after leaving).
RETURN_SIM_WITHIN_DAYS = 14
# R1.4 convention: the corporate window takes days to a week, so contact it a week ahead.
CORPORATE_LEAD_DAYS = 7
# R4.1 convention: identity verification takes 1–3 business days; finish it 3 days ahead.
IDENTITY_CHECK_DAYS = 3
# R5.4 convention: advice thresholds for a remaining device balance (yen).
DEVICE_JUST_LEAVE_BELOW = 10_000
DEVICE_PAY_OFF_FROM = 30_000
# R3.2: the cost codes billed per month, what a month's slip costs.
MONTHLY_ITEMS = ("plan", "share_sims")
# R3.5: a slipped application is priced as if made at noon Japan time on the day entered.
INTENDED_TIME = datetime.time(12, 0)
# R7.1: months after effective_month that the final bill and the card matter.
FINAL_BILL_AFTER_MONTHS = 1
CARD_VALID_AFTER_MONTHS = 2

# Slugs of the help pages that explain a step (written alongside the wizard).
HELP_LOGIN = "login"
HELP_CANCEL_MENU = "cancel-menu"
HELP_MNP_NUMBER = "mnp-number"
HELP_COMPLETION_MAIL = "completion-mail"

STEP_TITLES = {
    "backup": "データのバックアップ",
    "mail_registrations": "IIJmioメールの登録先を変更",
    "cancel_options": "続くオプションを解約",
    "hikari_review": "IIJmioひかりを見直す",
    "share_order": "手続きの順番(主回線は最後)",
    "identity_check": "本人確認・未払いの確認",
    "get_mnp_number": "MNP予約番号を取る",
    "apply_destination": "転出先に申し込む",
    "activate_destination": "転出先で開通",
    "apply_cancel": "IIJmioの解約を申し込む",
    "keep_completion_mail": "完了メールを保存",
    "return_sim": "SIMカードを返送",
    "delete_esim_profile": "eSIMプロファイルを削除",
    "keep_card_valid": "支払いカードを有効に保つ",
    "check_statement": "最後の請求を確認",
    "corporate_contact": "法人窓口に連絡",
    "guardian_contact": "保護者に依頼",
}

_RISK = {"medium": "中", "high": "高", "very_high": "非常に高い"}


class _Builder:
    """Collects items, steps and warnings, and every datum used (for data_as_of)."""

    def __init__(self, answers, snapshot):
        self.a = answers
        self.s = snapshot
        self.source = snapshot.source
        self.items = []
        self.checklist = []
        self.warnings = []
        self.tips = []
        self.used = [self.source]

    def use(self, datum):
        if datum is not None:
            self.used.append(datum)
        return datum

    def taxed(self, amount, tax_class, on):
        rate = None
        if tax_class == "excl":
            rate = self.use(self.s.tax_rate(on)).multiplier
        return tax_included(amount, tax_class, rate)

    def item(self, code, label, amount, kind, tax_class, detail="", datum=None):
        self.items.append(
            CostItem(
                code=code,
                label=label,
                amount_yen=amount,
                kind=kind,
                tax_class=tax_class,
                detail=detail,
                disputed=bool(datum and datum.disputed),
                note=datum.note if datum and datum.disputed else "",
                source=datum.source if datum else "",
            )
        )

    def warn(self, code, text):
        self.warnings.append(Warning(code, text))

    def step(self, code, phase, text, due=None, details=(), help=""):
        self.checklist.append(
            ChecklistItem(code, phase, text, due, tuple(details), help, STEP_TITLES[code])
        )


def plan(answers, snapshot) -> Result:
    """The dated plan, itemised costs and checklist for these answers and this data."""
    result = _plan(answers, snapshot)
    return dataclasses.replace(result, saving_tip=_saving_tip(answers, result, snapshot))


def _plan(answers, snapshot):
    b = _Builder(answers, snapshot)
    timing = _cancel_timing(b) if answers.goal == "cancel" else _mnp_timing(b)
    effective, dates, moment_jst, moment_local, first_month = timing

    _monthly_charges(b, first_month, effective)
    _min_term(b, dates.service_end.date())
    if answers.goal == "mnp":
        _mnp_fee(b, dates.service_end.date())
    _device(b)
    _sim_return(b, dates)
    _hikari(b)
    _options(b, dates)
    _people(b, dates)
    _common_steps(b, dates, effective)

    phase_order = {"before": 0, "during": 1, "after": 2}
    checklist = sorted(
        b.checklist,
        key=lambda c: (phase_order[c.phase], c.due or datetime.date.max),
    )
    result = Result(
        answers=answers.to_query(),
        data_as_of=max(d.as_of for d in b.used),
        effective_month=effective,
        dates=dates,
        items=tuple(b.items),
        checklist=tuple(checklist),
        warnings=tuple(b.warnings),
        moment_jst=moment_jst,
        moment_local=moment_local,
        tips=tuple(b.tips),
        normalised=answers.as_json(),
    )
    return result.with_figures(_figures(result))


def _saving_tip(answers, result, snapshot):
    """What timing is worth in yen (R3.2, R3.3, R4.5), from this result's own monthly items.

    A cancellation that slipped into the next month is priced again as applied on the day
    entered; that second plan carries no tip of its own, so it never plans a third time.
    """
    monthly = sum(i.amount_yen for i in result.items if i.code in MONTHLY_ITEMS)
    if answers.goal == "mnp":
        if answers.date.day != 1 or not monthly:
            return ""
        return (
            f"開通を前日の{jp_date(answers.date - datetime.timedelta(days=1))}にすれば、"
            f"{jp_month(answers.date)}分の{yen(monthly)}がかかりません。"
        )
    if result.effective_month > month_start(answers.date):
        intended = _plan(
            dataclasses.replace(answers, time=INTENDED_TIME, tz="Asia/Tokyo"), snapshot
        )
        saving = result.charges_total_yen - intended.charges_total_yen
        if saving <= 0:
            return ""
        return f"{jp_date(intended.dates.apply_by)}までに申し込めば、{yen(saving)}安くなります。"
    if result.moment_jst.date() <= result.dates.apply_by or not monthly:
        return ""
    return (
        f"{jp_date(result.dates.apply_by)}までに申し込めば、手続きが翌月にずれて"
        f"{yen(monthly)}多くかかる心配がありません。"
    )


# -- timing ----------------------------------------------------------------------------------


def _dates(effective, apply_by, service_end, **mnp):
    return Dates(
        apply_by=apply_by,
        service_end=service_end,
        final_bill_month=add_months(effective, FINAL_BILL_AFTER_MONTHS),
        card_valid_until=add_months(effective, CARD_VALID_AFTER_MONTHS),
        **mnp,
    )


def _cancel_timing(b):
    a, source = b.a, b.source
    planned = in_japan(a.date, a.time, a.zone)  # R3.5: the deadline is Japan time
    moment = planned
    window = weekly_maintenance(source, planned)
    if window:
        # R3.4: nothing can be applied during the weekly stop; the earliest is its end.
        moment = window[1]
        b.warn(
            "maintenance",
            f"{jp_date(planned.date())} {jp_time(planned.time())}(日本時間)は会員ページの"
            f"定期メンテナンス中({jp_time(window[0].time())}〜翌{jp_time(window[1].time())})で、"
            f"解約の申し込みができません。申し込めるのは早くても"
            f"{jp_date(moment.date())} {jp_time(moment.time())}からです。",
        )
    elif nightly_processing(source, planned):
        b.tips.append(
            "その時間は夜間処理中で、会員ページの一部の機能が使えないことがあります。"
            "日中に申し込むと確実です。"
        )
    effective = month_start(moment.date())
    last = month_end(effective)
    apply_by = last - datetime.timedelta(days=APPLY_DAYS_BEFORE_MONTH_END)  # R3.3
    entered_month = month_start(a.date)
    if effective > entered_month:
        b.warn(
            "slips_to_next_month",
            f"この日時だと日本時間では{jp_month(effective)}の申し込みになり、解約は"
            f"{jp_month(effective)}末です。{jp_month(entered_month)}に解約するより月額料金が"
            f"{months_between(entered_month, effective) - 1}か月分多くかかります。",
        )
    risk = _late_risk(moment, last)
    if risk:
        b.warn(
            "late_application",
            f"月末ぎりぎりの申し込みです(手続きが翌月扱いになるリスク: {_RISK[risk]})。"
            f"{jp_date(apply_by)}までに申し込むと安心です。",
        )
    elif moment.date() > apply_by:
        b.tips.append(f"月末の2日前です。できれば{jp_date(apply_by)}までに申し込みましょう。")
    if a.tz != "Asia/Tokyo":
        b.warn(
            "overseas_deadline",
            "解約の締め切りは日本時間です。あなたの日時"
            f"({jp_date(a.date)} {jp_time(a.time)}、{a.tz})は日本時間で"
            f"{jp_date(planned.date())} {jp_time(planned.time())}です。",
        )
    service_end = datetime.datetime.combine(last, datetime.time(23, 59), tzinfo=JST)  # R3.1
    first_month = min(entered_month, month_start(planned.date()))  # R3.2: charged from here
    local = datetime.datetime.combine(a.date, a.time, tzinfo=a.zone)
    return effective, _dates(effective, apply_by, service_end), planned, local, first_month


def _late_risk(moment, last):
    """R3.3: none up to last−2 (last−2 is "low"), medium on last−1, high on the last day."""
    day = moment.date()
    if day == last and moment.time() >= VERY_HIGH_RISK_FROM:
        return "very_high"
    if day == last:
        return "high"
    if day == last - datetime.timedelta(days=1):
        return "medium"
    return None


def _mnp_timing(b):
    a, s, source = b.a, b.s, b.source
    activation = a.date  # the destination activates the line on this Japan-time day
    service_end = datetime.datetime.combine(activation, datetime.time(0, 0), tzinfo=JST)  # R4.4
    effective = month_start(activation)
    dest = b.use(s.destination(a.dest))
    valid = source.mnp_number_valid_days
    required = dest.mnp_days_required or s.destination("other").mnp_days_required
    apply_by = activation - datetime.timedelta(days=SIM_DELIVERY_DAYS[a.sim])  # R4.4
    # R4.3: days left on D = (expiry − D) + 1; a number taken on `from` has exactly `required`
    # days left on apply_by. R4.2: expiry = issue + (valid − 1).
    number_to = apply_by
    number_from = apply_by - datetime.timedelta(days=valid - required)
    expires = number_to + datetime.timedelta(days=valid - 1)
    if activation.day == 1:
        b.warn(
            "activation_on_first",
            f"1日に開通すると、IIJmioは{jp_month(effective)}分の月額料金が1か月分まるごとかかります"
            f"(日割りなし)。前月の末日に開通させれば、この1か月分がかかりません。",
        )
    if a.tz != "Asia/Tokyo":
        b.warn(
            "overseas_deadline",
            "予約番号の発行時間や有効期限、開通日はすべて日本時間で数えます。"
            f"{a.tz}の時刻と取り違えないようにしてください。",
        )
    dates = _dates(
        effective,
        apply_by,
        service_end,
        mnp_number_from=number_from,
        mnp_number_to=number_to,
        mnp_number_expires=expires,
    )
    _mnp_steps(b, dest, required, dates, activation)
    return effective, dates, service_end, None, effective


def _mnp_steps(b, dest, required, dates, activation):
    source = b.source
    hours = ""
    if source.mnp_issue_from and source.mnp_issue_until:
        hours = (
            f"{jp_time(source.mnp_issue_from)}〜{jp_time(source.mnp_issue_until)}の申し込みは"
            f"すぐ発行、{jp_time(source.mnp_issue_until)}以降は翌朝"
            f"{jp_time(source.mnp_issue_from)}から発行。定期メンテナンス中は発行されません。"
        )
    b.step(
        "identity_check",
        "before",
        "本人確認の手続きが終わっているか、未払いの料金がないかを確かめます。"
        "どちらかが残っているとMNP予約番号が発行されません(本人確認には1〜3営業日)。",
        dates.mnp_number_from - datetime.timedelta(days=IDENTITY_CHECK_DAYS),
        help=HELP_LOGIN,
    )
    details = [("取る期間", f"{jp_date(dates.mnp_number_from)}〜{jp_date(dates.mnp_number_to)}")]
    if source.mnp_menu:
        details.append(("メニュー", source.mnp_menu))
    if hours:
        details.append(("発行時間", hours))
    details.append(
        (
            "有効期限",
            f"{jp_date(dates.mnp_number_to)}に取ると{jp_date(dates.mnp_number_expires)}まで",
        )
    )
    b.step(
        "get_mnp_number",
        "before",
        f"MNP予約番号を会員ページで取ります。{dest.name}には残り{required}日以上で申し込む必要が"
        "あるため、早すぎても遅すぎてもいけません。",
        dates.mnp_number_to,
        details,
        HELP_MNP_NUMBER,
    )
    if dest.disputed:
        b.tips.append(f"{dest.name}が求める残り日数は要確認です: {dest.note}")
    b.step(
        "apply_destination",
        "during",
        f"{dest.name}に予約番号を使って乗り換えを申し込みます。"
        + ("SIMカードが届くまで数日かかります。" if b.a.sim == "physical" else ""),
        dates.apply_by,
    )
    b.step(
        "activate_destination",
        "during",
        f"{dest.name}で開通の手続きをします。開通した時点でIIJmioの回線は自動で終わります"
        "(IIJmioでの解約手続きは不要です)。",
        activation,
    )


# -- costs -----------------------------------------------------------------------------------


def _monthly_charges(b, first_month, effective):
    """R3.2/R4.5: full months, no proration, from the planned month through effective_month."""
    a, s = b.a, b.s
    months = [add_months(first_month, i) for i in range(months_between(first_month, effective))]
    count = len(months)
    plan_datum = b.use(s.plan(a.plan)) if a.plan else None
    if plan_datum is None:
        b.warn(
            "plan_not_included",
            "料金プランが選ばれていないため、月額料金は合計に含めていません。"
            f"{jp_month(first_month)}から{jp_month(effective)}までの{count}か月分が満額かかります。",
        )
        return
    amount = sum(b.taxed(plan_datum.monthly_price, plan_datum.tax_class, m) for m in months)
    monthly = b.taxed(plan_datum.monthly_price, plan_datum.tax_class, effective)
    b.item(
        "plan",
        f"月額料金({plan_datum.name})",
        amount,
        "charge",
        plan_datum.tax_class,
        f"{yen(monthly)} × {count}か月({_months_span(first_month, effective)}、日割りなし)",
        plan_datum,
    )
    extra = a.lines - 1
    if extra > 0:
        share = [b.use(s.fee("share_sim", m)) for m in months]
        if all(share):
            fee = share[-1]
            total = sum(
                extra * b.taxed(f.amount, f.tax_class, m)
                for f, m in zip(share, months, strict=True)
            )
            each = b.taxed(fee.amount, fee.tax_class, effective)
            b.item(
                "share_sims",
                "シェアプランの追加SIM",
                total,
                "charge",
                fee.tax_class,
                f"{yen(each)} × {extra}枚 × {count}か月",
                fee,
            )


def _months_span(first, last):
    return jp_month(first) if first == last else f"{jp_month(first)}〜{jp_month(last)}"


def _min_term(b, end_day):
    """R5.1: an old-plan voice line leaving inside its minimum term pays the fee per line."""
    a, s = b.a, b.s
    candidates = s.min_term_fees_reaching(a.service, end_day)
    if not candidates:
        return
    if a.started is None:
        for fee in candidates:
            contracts = f"{jp_date(fee.contracted_to)}以前に契約した" if fee.contracted_to else ""
            b.tips.append(
                "契約開始月がわからないため、最低利用期間の判定をしていません。"
                f"{contracts}回線は、期間内に解約すると{fee.name}がかかります。"
            )
        return
    for fee in candidates:
        if fee.contracted_from and a.started < month_start(fee.contracted_from):
            continue
        if fee.contracted_to and a.started > fee.contracted_to:
            continue
        term_last = month_end(add_months(a.started, fee.term_months))
        if end_day > term_last:
            continue
        b.use(fee)
        each = b.taxed(fee.amount, fee.tax_class, end_day)
        b.item(
            "min_term_fee",
            fee.name,
            each * a.lines,
            "charge",
            fee.tax_class,
            f"{yen(each)} × {a.lines}回線",
            fee,
        )
        b.warn(
            "min_term",
            f"最低利用期間({jp_date(term_last)}まで)の途中なので、{fee.name}が"
            f"1回線あたり{yen(each)}({tax_label(fee.tax_class)})かかります。"
            f"{jp_date(term_last + datetime.timedelta(days=1))}以降に手続きすればかかりません。",
        )


def _mnp_fee(b, port_out_day):
    """R4.6: the fee in force on the port-out day, per line; shown even when it is 0."""
    fee = b.use(b.s.fee("mnp_transfer", port_out_day))
    if fee is None:
        return
    each = b.taxed(fee.amount, fee.tax_class, port_out_day)
    b.item(
        "mnp_fee",
        fee.name,
        each * b.a.lines,
        "charge",
        fee.tax_class,
        f"{yen(each)} × {b.a.lines}回線",
        fee,
    )


def _device(b):
    """R5.4: the remaining instalments, at once or monthly, with advice by size."""
    a = b.a
    if a.device_left <= 0:
        return
    if a.device_payoff == "lump":
        b.item(
            "device_lump",
            "端末代金の残り(一括)",
            a.device_left,
            "charge",
            "incl",
            "最後の請求にまとめて請求されます",
        )
    else:
        times = math.ceil(a.device_left / a.device_monthly)
        b.item(
            "device_monthly",
            "端末代金の分割払い(解約後も継続)",
            a.device_monthly,
            "ongoing",
            "incl",
            f"あと{times}回(残り{yen(a.device_left)})",
        )
    if a.device_left < DEVICE_JUST_LEAVE_BELOW:
        advice = "残りは少ないので、気にせず手続きして大丈夫です。"
    elif a.device_left < DEVICE_PAY_OFF_FROM:
        advice = "乗り換え先の特典(端末割引やポイント)と比べて、得なほうを選びましょう。"
    else:
        advice = "残りが大きいので、先に一括で払い終えてから手続きすることも考えましょう。"
    b.warn("device_balance", f"端末代金が{yen(a.device_left)}残っています。{advice}")


def _sim_return(b, dates):
    """R6.1–R6.5: physical cards go back by post; an eSIM profile is deleted after the end."""
    a, s = b.a, b.s
    end_day = dates.service_end.date()
    if a.sim == "esim":
        delete_on = end_day if a.goal == "mnp" else end_day + datetime.timedelta(days=1)
        b.step(
            "delete_esim_profile",
            "after",
            "回線が終わってから、端末のeSIMプロファイルを削除します。終わる前に削除すると、"
            "再ダウンロードできなくなることがあります。",
            delete_on,
            (("削除してよい時期", "開通後" if a.goal == "mnp" else "月末の解約後"),),
        )
        return
    fee = s.fee("sim_damage", end_day)
    to_return = a.lines - a.sim_lost
    if fee and a.sim_lost:
        b.use(fee)
        each = b.taxed(fee.amount, fee.tax_class, end_day)
        b.item(
            "sim_damage",
            f"{fee.name} × 返却できないカード",
            each * a.sim_lost,
            "charge",
            fee.tax_class,
            f"{yen(each)} × {a.sim_lost}枚(申し出れば免除されることがあります)",
            fee,
        )
    if to_return <= 0:
        return
    postage = b.use(s.recommended_postage)
    address = b.use(s.return_address(end_day))
    if postage:
        b.item(
            "postage",
            f"SIMカードの返送料({postage.name})",
            int(postage.price),
            "own",
            "incl",
            f"封筒1通({to_return}枚まとめて)" + ("・最低額" if postage.price_is_minimum else ""),
            postage,
        )
    if fee:
        b.use(fee)
        each = b.taxed(fee.amount, fee.tax_class, end_day)
        b.item(
            "sim_damage_risk",
            "返し忘れたときの損害金",
            each * to_return,
            "risk",
            fee.tax_class,
            f"{yen(each)} × {to_return}枚(返却すればかかりません)",
            fee,
        )
    details = []
    if address:
        details.append(("返却先", address.full))
    if postage:
        details.append(("おすすめの送り方", f"{postage.name}({yen(int(postage.price))})"))
    details.append(("入れるもの", "SIMカード本体だけ(台紙は不要)。送料は自分持ち、着払い不可"))
    b.step(
        "return_sim",
        "after",
        f"使い終わったSIMカード{to_return}枚を郵送で返します。",
        end_day + datetime.timedelta(days=RETURN_SIM_WITHIN_DAYS),
        details,
    )


def _hikari(b):
    """R8.1: the fibre line stays; its mio割 discount ends after the last mobile line."""
    a, s = b.a, b.s
    if a.hikari == "none":
        return
    fibre = b.use(s.fibre_plan(a.hikari))
    discount = b.use(s.fee("hikari_discount", b.a.date))
    if discount is None:
        return
    amount = b.taxed(discount.amount, discount.tax_class, b.a.date)
    b.item(
        "hikari_discount_end",
        "IIJmioひかりのmio割がなくなる分",
        amount,
        "ongoing",
        discount.tax_class,
        "光回線の月額が毎月この分上がります",
        discount,
    )
    change = ""
    if fibre:
        before = b.taxed(fibre.monthly_price, fibre.tax_class, b.a.date)
        change = f"({fibre.name}: 月{yen(before)} → 月{yen(before + amount)})"
    b.warn(
        "hikari_discount_ends",
        f"IIJmioひかりは一緒には解約されず、モバイル回線がなくなった翌月からmio割(月{yen(amount)})"
        f"がなくなります{change}。",
    )
    details = [("mio割がなくなった後の月額", change.strip("()") or f"月{yen(amount)}上がります")]
    early = s.fee("hikari_early_exit", b.a.date)
    if early:
        b.use(early)
        exit_fee = b.taxed(early.amount, early.tax_class, b.a.date)
        details.append(
            (
                "光回線も解約するなら",
                f"電話で申し込み。2年以内の解約は{yen(exit_fee)}({tax_label(early.tax_class)})"
                + ("・要確認: " + early.note if early.disputed else ""),
            )
        )
    b.step(
        "hikari_review",
        "before",
        "IIJmioひかりを続けるか見直します。続けるなら割引がなくなった月額で他社と比べましょう。",
        None,
        details,
    )


def _options(b, dates):
    """R8.3: options that outlive the line keep billing until cancelled one by one."""
    a, s = b.a, b.s
    if not a.options:
        return
    details = []
    for code in a.options:
        option = b.use(s.option(code))
        amount = b.taxed(option.monthly_price, option.tax_class, a.date)
        b.item(
            f"option:{code}",
            option.name,
            amount,
            "ongoing",
            option.tax_class,
            "自分で解約するまで毎月かかります",
            option,
        )
        where = option.cancel_where or b.source.options_menu
        if option.cancel_url:
            where = f"{where} {option.cancel_url}"
        details.append((option.name, where))
    if b.source.options_menu:
        details.append(("IIJmioのメニュー", b.source.options_menu))
    b.step(
        "cancel_options",
        "before",
        "回線を解約しても自動で終わらないオプションを、ひとつずつ解約します。",
        dates.service_end.date(),
        details,
        HELP_LOGIN,
    )


def _people(b, dates):
    """R1.4 (who may apply) and R9.2 (share plans: the parent line last)."""
    a = b.a
    support = _support_details(b.source)
    if a.lines > 1:
        b.warn(
            "share_parent_last",
            "主回線(親回線)を先に手続きすると、ほかの回線も番号ごと一緒に終わります。"
            "子回線から先に手続きし、主回線は最後にしてください。",
        )
        b.step(
            "share_order",
            "before",
            "手続きの順番を決めます: 子回線が先、主回線は最後。残したい子回線があれば、"
            "先にサポートに連絡して主回線に切り替えてもらいます。",
            dates.apply_by,
            support,
        )
    if a.holder == "corporate":
        b.warn(
            "corporate_window",
            "法人契約は会員ページからは手続きできません。法人窓口に電話かメールで申し込み、"
            "完了まで数日から1週間ほどかかります。",
        )
        b.step(
            "corporate_contact",
            "before",
            "法人窓口に連絡して手続きを依頼します。",
            dates.apply_by - datetime.timedelta(days=CORPORATE_LEAD_DAYS),
            support,
        )
    elif a.holder == "minor":
        b.warn(
            "guardian_required",
            "18歳未満の回線は保護者の名義です。手続きは保護者が行います。",
        )
        b.step(
            "guardian_contact",
            "before",
            "保護者に手続きをお願いします(契約者本人である保護者が申し込みます)。",
            dates.apply_by,
        )


def _support_details(source):
    details = []
    if source.support_phone:
        details.append(("電話", f"{source.support_phone}({source.support_hours})"))
    if source.chat_hours:
        details.append(("チャット", source.chat_hours))
    if source.support_busy:
        details.append(("混む時間", source.support_busy))
    return details


def _common_steps(b, dates, effective):
    a, source = b.a, b.source
    end_day = dates.service_end.date()
    b.step(
        "backup",
        "before",
        "連絡先・写真・アプリのデータ、二段階認証の設定を移しておきます。",
        dates.apply_by,
    )
    b.step(
        "mail_registrations",
        "before",
        "IIJmioのメールアドレスは使えなくなります。銀行・カード・Apple ID・Google・通販などの"
        "登録アドレスを先に変えておきます。",
        dates.apply_by,
    )
    if a.goal == "cancel":
        details = []
        if source.cancel_menu:
            details.append(("メニュー", source.cancel_menu))
        if source.maintenance_weekday is not None:
            details.append(
                (
                    "使えない時間",
                    f"毎週{'月火水木金土日'[source.maintenance_weekday]}曜"
                    f"{jp_time(source.maintenance_from)}〜翌{jp_time(source.maintenance_until)}"
                    "(定期メンテナンス)",
                )
            )
        details.append(("締め切り", f"{jp_date(end_day)}の月末で終了。取り消しはできません"))
        b.step(
            "apply_cancel",
            "during",
            "会員ページで解約を申し込みます。回線は申し込んだ月の末日まで使えます。",
            dates.apply_by,
            details,
            HELP_CANCEL_MENU,
        )
    mail = [("送信元", source.mail_domains)] if source.mail_domains else []
    b.step(
        "keep_completion_mail",
        "after",
        "IIJmioからの手続き完了メールを保存します。届かないときは迷惑メールフォルダと"
        "受信設定を確かめます。",
        end_day if a.goal == "mnp" else end_day + datetime.timedelta(days=1),
        mail,
        HELP_COMPLETION_MAIL,
    )
    card_until = month_end(dates.card_valid_until)
    b.step(
        "keep_card_valid",
        "after",
        "最後の請求が終わるまで、登録したクレジットカードを解約・期限切れにしないでください。",
        card_until,
        (("有効にしておく期間", f"{jp_month(dates.card_valid_until)}末まで"),),
    )
    b.step(
        "check_statement",
        "after",
        f"{jp_month(dates.final_bill_month)}の請求({jp_month(effective)}分)を確認します。"
        "会員ページはしばらく見られます。",
        month_end(dates.final_bill_month),
        _support_details(source),
    )


def _figures(result):
    """A short stable hash of every amount and date the result shows."""
    parts = [
        result.effective_month.isoformat(),
        repr(result.dates),
        *(f"{i.code}={i.amount_yen}:{i.kind}:{i.disputed}" for i in result.items),
        *(f"{c.code}@{c.due}" for c in result.checklist),
        *(w.code for w in result.warnings),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
