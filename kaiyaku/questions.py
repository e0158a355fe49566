"""Every question, declared once: what it asks, how it is answered, parsed, routed and shown.

`QUESTIONS` lists them in the order the wizard asks them. Each one is a query parameter of
contract.md (except `extras`, the wizard's "which of these apply" page that decides which
follow-up questions are asked), and
everything that deals with an answer reads its declaration here:

- the wizard's step page (kaiyaku.forms.QuestionForm): title, hint, input kind, choices, the
  message when it is left unanswered, how typed text is normalised, the wizard-only rule;
- the contract's parser (kaiyaku.answers): `parse`, `required`, `default`, `message_label`;
- the routing (kaiyaku.flow): `asked`, judged on the answers to the questions above;
- the check-answers page: `label` and `display`;
- the way back from a result to the wizard (`Answers.wizard_query`): `default` as the wizard
  writes it (`wizard_default`).

Wizard answers are strings as the query string carries them; an empty string is an answer
("none", "don't know", the default) where the question allows it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.utils.translation import gettext_lazy as _

from .languages import listed
from .parsing import (
    DEFAULT_TIME,
    DEFAULT_TZ,
    MAX_LINES,
    MAX_YEN,
    AnswerError,
    Parser,
    normalise,
    parse_date,
    parse_destination,
    parse_options,
    parse_plan,
    parse_started,
    parse_time,
    parse_tz,
    shown,
    today_jst,
    typed_codes,
    typed_date_text,
    typed_number,
    typed_number_text,
    whole_number,
)
from .planner.calendar import month_end
from .planner.conventions import APPLY_DAYS_BEFORE_MONTH_END, PRICED_SERVICE
from .planner.destinations import UNDECIDED
from .templatetags.kaiyaku import jdate, yen_plain
from .zones import COMMON_ZONES, other_zones

if TYPE_CHECKING:  # the snapshot module loads the models; questions only read what it hands them
    from .snapshot.shapes import Snapshot

type WizardAnswers = Mapping[str, str]
type Wording = str | Callable[[WizardAnswers], str]
type Kind = Literal["radios", "checkboxes", "input", "select"]


@dataclass(frozen=True)
class Choice:
    value: str  # as the query string carries it
    label: str


# (data, current answer, answers above) → choices
type ChoiceSource = Callable[[Snapshot, str, WizardAnswers], list[Choice]]
type Display = Callable[[str, Mapping[str, str]], str]  # (answer, label of each choice) → text


def always(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return True


def never(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    """For an answer given by a box of `extras`: the box is the question."""
    return False


def label_of_choice(raw: str, labels: Mapping[str, str]) -> str:
    return str(labels.get(raw, raw))


@dataclass(frozen=True, eq=False)
class Question:
    id: str  # the query parameter it sets, and the step's URL slug
    label: str  # its name on the check-answers page
    title: Wording  # the step's heading
    hint: Wording
    unanswered: str  # the wizard's message when the step is sent without an answer
    kind: Kind = "radios"  # how the step lays the answer out
    choices: tuple[Choice, ...] | ChoiceSource = ()
    parse: Parser | None = None  # the contract's parser; None: one of the fixed `choices`
    message_label: str = ""  # its name in the contract's messages (JSON, 400 page); "" = label
    required: bool = False  # a result needs it (contract.md)
    default: object = None  # the parsed value when absent
    empty_allowed: bool = False  # may the step be left empty ("none", "don't know", the default)
    asked: Callable[[WizardAnswers, Snapshot], bool] = always  # reads only questions above
    display: Display = label_of_choice  # the answer as the check-answers page shows it
    typed: Callable[[str], str] = normalise  # typed text → text as a URL carries it
    wizard_rule: Callable[[Any], None] | None = None  # beyond the URL: raises AnswerError
    input_type: str = "text"
    input_mode: str = ""
    suffix: str = ""  # a unit after the field (枚, 円)
    contract: bool = True  # a contract.md answer; False: the wizard's own question
    box: str = ""  # answered by this box of `extras` (1 when ticked): no step of its own

    def title_for(self, answers: WizardAnswers) -> str:
        return self.title(answers) if callable(self.title) else self.title

    def hint_for(self, answers: WizardAnswers) -> str:
        return self.hint(answers) if callable(self.hint) else self.hint

    def choices_for(
        self, snapshot: Snapshot, current: str = "", answers: WizardAnswers | None = None
    ) -> list[Choice]:
        if callable(self.choices):
            return self.choices(snapshot, current, answers or {})
        return list(self.choices)

    def clean(self, raw: str, snapshot: Snapshot) -> object:
        """The value of a non-empty answer, or AnswerError with the contract's message."""
        if self.parse is not None:
            return self.parse(raw, snapshot)
        if raw not in {choice.value for choice in self.choices_for(snapshot)}:
            raise AnswerError(
                _("%(label)sの「%(value)s」は選べません。一覧から選んでください。")
                % {"label": self.name_in_messages, "value": shown(raw)}
            )
        return raw

    def shown_as(self, raw: str, snapshot: Snapshot) -> str:
        """The answer as a person reads it on the check-answers page."""
        labels = {choice.value: choice.label for choice in self.choices_for(snapshot, raw)}
        return str(self.display(raw, labels))

    @property
    def name_in_messages(self) -> str:
        return str(self.message_label or self.label)

    @property
    def wizard_default(self) -> str:
        """The default as the wizard writes it: empty where empty means it, else the value."""
        if self.default is None or self.empty_allowed:
            return ""
        return str(self.default)


# -- when a question is asked: each looks only at the answers to questions above it -------------


def goal_of(answers: WizardAnswers) -> str | None:
    """Data and SMS lines can only be cancelled (R2.2), so for them the goal is not asked."""
    if answers.get("service") in ("sms", "data"):
        return "cancel"
    return answers.get("goal")


def _voice(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return answers.get("service") == "voice"


def _plans_priced(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return answers.get("service") == PRICED_SERVICE


def _physical(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return answers.get("sim") == "physical"


def _mnp(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return goal_of(answers) == "mnp"


def _abroad(answers: WizardAnswers) -> bool:
    return answers.get("tz", DEFAULT_TZ) not in ("", DEFAULT_TZ)


def _planned_day(answers: WizardAnswers) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(answers.get("date", ""))
    except ValueError:
        return None


def _time_matters(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return goal_of(answers) == "cancel" and time_can_matter(
        _planned_day(answers), answers.get("tz") or DEFAULT_TZ, snapshot
    )


def time_can_matter(day: datetime.date | None, tz: str, snapshot: Snapshot) -> bool:
    """Can the hour of a cancellation change its result? On the last days of a month (R3.3), on
    the member page's maintenance day or the morning after (R3.4), or abroad, where the local
    day is not Japan's (R3.5). When not, it is not asked, and not kept in a link."""
    if day is None:
        return False
    if tz != DEFAULT_TZ:
        return True
    last_days = month_end(day) - datetime.timedelta(days=APPLY_DAYS_BEFORE_MONTH_END)
    weekday = snapshot.source.maintenance_weekday
    maintenance = weekday is not None and day.weekday() in (weekday, (weekday + 1) % 7)
    return day > last_days or maintenance


def _ticked(extra: str) -> Callable[[WizardAnswers, Snapshot], bool]:
    """Asked only when its box was ticked on the "which of these apply" page."""

    def asked(answers: WizardAnswers, snapshot: Snapshot) -> bool:
        return extra in answers.get("extras", "").split(",")

    return asked


def _lost_card_ticked(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return _physical(answers, snapshot) and _ticked("lost")(answers, snapshot)  # R6.1


def _has_balance(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return typed_number(answers.get("device_left", "")) not in (None, 0)


def _pays_monthly(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    return answers.get("device_payoff") == "monthly"


def _min_term_could_apply(answers: WizardAnswers, snapshot: Snapshot) -> bool:
    """Ask the start month only if a minimum-term rule in the data could still be running (R5.1)."""
    return started_can_matter(answers.get("service"), _planned_day(answers), snapshot)


def started_can_matter(service: str | None, day: datetime.date | None, snapshot: Snapshot) -> bool:
    """R5.1: could a minimum-term rule in the data still be running on `day` for this line?
    When not, the start month cannot change a result: not asked, and not kept in a link."""
    return day is not None and bool(snapshot.min_term_fees_reaching(service, day))


# -- choices from the data, and answers as the check-answers page shows them --------------------


def _priced(name: str, monthly_price: Decimal) -> str:
    return _("%(name)s(月%(price)s円)") % {"name": name, "price": f"{monthly_price:,.0f}"}


def _destinations(snapshot: Snapshot, current: str, answers: WizardAnswers) -> list[Choice]:
    # R4.3: not decided yet plans on the destination that needs the most days.
    destinations = [Choice(c.code, c.name) for c in snapshot.destinations]
    return [*destinations, Choice(UNDECIDED, _("まだ決めていない"))]


def _plans(snapshot: Snapshot, current: str, answers: WizardAnswers) -> list[Choice]:
    plans = [Choice(p.code, _priced(p.name, p.monthly_price)) for p in snapshot.mobile_plans]
    return [*plans, Choice("", _("わからない・この中にない"))]


def _continuing_options(snapshot: Snapshot, current: str, answers: WizardAnswers) -> list[Choice]:
    return [Choice(o.code, _priced(o.name, o.monthly_price)) for o in snapshot.continuing_options]


def _zones(snapshot: Snapshot, current: str, answers: WizardAnswers) -> list[Choice]:
    zones = [
        Choice("", _("選んでください")),
        Choice(DEFAULT_TZ, _("日本")),
        *(Choice(*zone) for zone in COMMON_ZONES),
    ]
    listed = {zone.value for zone in zones}
    # R3.5: any other place, by its zone's name; a zone from a shared link stays selectable.
    others = sorted({*other_zones(), current} - listed - {""})
    return [*zones, *(Choice(zone, zone.replace("_", " ")) for zone in others)]


# The "which of these apply" page: each box opens its own follow-up questions (R5.4, R8.1, R8.3,
# R6.3, R9.3), or is an answer itself (`leaving`: R2.1, R3.5, R7.1); a box left empty keeps that
# answer's default.
_LEAVING = _("近いうちに日本を離れる予定がある(帰国・海外転居)")
EXTRAS = (
    Choice("device", _("IIJmioで買った端末の分割払いが残っている")),
    Choice("hikari", _("IIJmioひかり(光回線)を使っている")),
    Choice("options", _("有料のオプションを使っている(セーフティメール、ウイルスバスターなど)")),
    Choice("lost", _("なくした・壊れたなどで、返せないSIMカードがある")),
    Choice("staying", _("同じシェアプランで、IIJmioに残すSIMがある")),
    Choice("leaving", _LEAVING),
)


def _extras(snapshot: Snapshot, current: str, answers: WizardAnswers) -> list[Choice]:
    left_out = {
        "lost": answers.get("sim") == "esim",  # R6.1: an eSIM has no card to lose
        "leaving": _abroad(answers),  # R3.5: abroad, the leaving advice is given already
    }
    return [c for c in EXTRAS if not left_out.get(c.value)]


def parse_extras(raw: str, snapshot: Snapshot) -> str:
    chosen = [code for code in raw.split(",") if code]
    known = [choice.value for choice in EXTRAS]
    for code in chosen:
        if code not in known:
            raise AnswerError(
                _("「%(value)s」は選べません。一覧から選んでください。") % {"value": shown(code)}
            )
    return ",".join(sorted(set(chosen), key=known.index))


def extras_of(
    *,
    device_left: int,
    hikari: str,
    options: tuple[str, ...],
    sim_lost: int,
    staying: int,
    leaving: bool,
) -> str:
    """The boxes a set of answers ticks: the way back from a result to the wizard."""
    ticked = {
        "device": device_left > 0,
        "hikari": hikari != "none",
        "options": bool(options),
        "lost": sim_lost > 0,
        "staying": staying > 0,
        "leaving": leaving,
    }
    return ",".join(choice.value for choice in EXTRAS if ticked[choice.value])


def _extras_shown(raw: str, labels: Mapping[str, str]) -> str:
    chosen = [str(labels.get(code, code)) for code in raw.split(",") if code]
    return listed(chosen) or _("どれもあてはまらない")


def one_of(*values: str, name: str) -> Parser:
    """A parser of a fixed set of values, some of which the wizard's page need not offer."""

    def parse(raw: str, snapshot: Snapshot) -> str:
        if raw not in values:
            raise AnswerError(
                _("%(label)sの「%(value)s」は選べません。一覧から選んでください。")
                % {"label": name, "value": shown(raw)}
            )
        return raw

    return parse


def parse_flag(name: str) -> Parser:
    """A yes/no answer as a URL carries it: 1 or 0."""

    def parse(raw: str, snapshot: Snapshot) -> bool:
        if raw not in ("1", "0"):
            raise AnswerError(
                _("%(label)sは1(あてはまる)か0(あてはまらない)で指定してください。")
                % {"label": name}
            )
        return raw == "1"

    return parse


def _cards(raw: str, labels: Mapping[str, str]) -> str:
    return _("%(n)s枚") % {"n": raw}


def _yen(raw: str, labels: Mapping[str, str]) -> str:
    return yen_plain(typed_number(raw) or 0)


def _day(raw: str, labels: Mapping[str, str]) -> str:
    try:
        return jdate(datetime.date.fromisoformat(raw))
    except ValueError:
        return raw


def _time_or_noon(raw: str, labels: Mapping[str, str]) -> str:
    return raw or _("決めていない(12:00で計算)")


def _option_names(raw: str, labels: Mapping[str, str]) -> str:
    chosen = [str(labels.get(code, code)) for code in raw.split(",") if code]
    return listed(chosen) or _("使っていない")


# -- wordings that depend on earlier answers, and the wizard's own rules ------------------------


def _date_title(answers: WizardAnswers) -> str:
    if answers.get("goal") == "mnp":
        return _("乗り換え先で開通させるのはいつの予定ですか")
    return _("解約を申し込むのはいつの予定ですか")


def _date_hint(answers: WizardAnswers) -> str:
    example = (today_jst() + DATE_EXAMPLE_AHEAD).isoformat()  # never a day already gone
    if answers.get("goal") == "mnp":
        return _(
            "開通した日にIIJmioの回線は終わります。1日に開通すると、その月の料金が1か月分かかります"
            "(例: %(example)s)。"
        ) % {"example": example}
    return _(
        "いつ申し込んでも、回線はその月の末日に終わります。月末近くは1日の違いで翌月分がかかる"
        "ことがあるので、予定の日を入れてください(例: %(example)s)。"
    ) % {"example": example}


# The date step's example is this far from today, so it is never a day already gone.
DATE_EXAMPLE_AHEAD = datetime.timedelta(days=14)


def _from_today(day: datetime.date) -> None:
    # The URL takes past dates (how it stood then); the wizard plans from today on.
    if day < today_jst():
        raise AnswerError(_("今日以降の日付を入力してください。"))


_YEN_MESSAGE = _("金額は0以上の整数(円)で、カンマを付けずに入力してください。")


# -- the questions, in asking order --------------------------------------------------------------

QUESTIONS = (
    Question(
        id="service",
        label=_("SIMの種類"),
        message_label=_("回線の種類"),
        title=_("やめたいSIMの種類はどれですか"),
        hint=_("会員専用ページの「ご契約内容の確認」で確かめられます。"),
        unanswered=_("SIMの種類を選んでください"),
        choices=(
            Choice("voice", _("音声通話SIM(電話番号で通話できる)")),
            Choice("sms", _("SMS機能付きSIM")),
            Choice("data", _("データ専用SIM")),
        ),
        required=True,
    ),
    Question(
        id="holder",
        label=_("契約者"),
        title=_("契約しているのは誰ですか"),
        hint=_("法人の契約や、保護者の名義の契約は、手続きをする人と窓口が変わります。"),
        unanswered=_("契約している人を選んでください"),
        choices=(
            Choice("personal", _("自分(個人)")),
            Choice("corporate", _("会社などの法人")),
            Choice("minor", _("保護者(自分が18歳未満で、保護者の名義)")),
        ),
        default="personal",  # R1.4
    ),
    Question(
        id="goal",
        label=_("やめ方"),
        message_label=_("手続き"),
        title=_("今の電話番号を残しますか"),
        hint=_(
            "番号を残して他社へ移るのが乗り換え(MNP転出)です。"
            "解約すると番号はなくなり、戻せません。"
        ),
        unanswered=_("番号を残すかどうかを選んでください"),
        choices=(
            Choice("mnp", _("残す: 他社へ乗り換える(MNP転出)")),
            Choice("cancel", _("残さない: 解約する")),
        ),
        required=True,
        asked=_voice,  # R2.2: only voice lines can port out
    ),
    Question(
        id="dest",
        label=_("乗り換え先"),
        message_label=_("転出先"),
        title=_("どこへ乗り換えますか"),
        hint=_(
            "乗り換え先によって、予約番号の有効期限があと何日必要かが違います。"
            "まだ決めていなければ、いちばん多くの日数を求める先に合わせて日付を出し、"
            "結果から乗り換え先を比べられます。"
        ),
        unanswered=_("乗り換え先を選んでください"),
        choices=_destinations,
        parse=parse_destination,
        asked=_mnp,
    ),
    Question(
        id="sim",
        label=_("SIMの形"),
        title=_("SIMカードですか、eSIMですか"),
        hint=_("カードのSIMは、やめたあとに返送します。eSIMは返すものがありません。"),
        unanswered=_("SIMカードかeSIMかを選んでください"),
        choices=(Choice("physical", _("SIMカード")), Choice("esim", _("eSIM"))),
        required=True,
    ),
    Question(
        id="lines",
        label=_("やめるSIMの枚数"),
        message_label=_("回線数"),
        title=_("何枚のSIMを一緒にやめますか"),
        hint=_("1枚だけなら1。シェアプランで複数のSIMをまとめてやめるなら、その枚数(最大10)。"),
        unanswered=_("枚数を入力してください"),
        kind="input",
        parse=whole_number(1, MAX_LINES, _("回線数は1から%(high)sまでの数字で入力してください。")),
        default=1,
        display=_cards,
        typed=typed_number_text,
        input_mode="numeric",
        suffix=_("枚"),
    ),
    Question(
        id="plan",
        label=_("プラン"),
        message_label=_("料金プラン"),
        title=_("今のプランはどれですか"),
        hint=_(
            "最後の月の料金を計算に入れるために使います。わからなければ、料金を含めずに計算します。"
        ),
        unanswered=_("プランを選ぶか、「わからない」を選んでください"),
        choices=_plans,
        parse=parse_plan,
        empty_allowed=True,
        asked=_plans_priced,  # R1.2: voice-line prices only, never offered to data or SMS lines
    ),
    Question(
        id="date",
        label=_("予定日"),
        message_label=_("日付"),
        title=_date_title,
        hint=_date_hint,
        unanswered=_("日付を入力してください"),
        kind="input",
        parse=parse_date,
        required=True,
        display=_day,
        typed=typed_date_text,
        wizard_rule=_from_today,
        input_type="date",
    ),
    Question(
        id="tz",
        label=_("手続きをする場所"),
        message_label=_("いる場所のタイムゾーン"),
        title=_("手続きをするとき、どこにいますか"),
        hint=_(
            "締め切りはすべて日本時間です。海外にいるなら、その地域を選ぶと、現地の時刻に直して"
            "間に合うかを確かめます。一覧にない地域は「その他」の後に並んでいます。"
        ),
        unanswered=_("日本か、いる地域を選んでください"),
        kind="select",
        choices=_zones,
        parse=parse_tz,
        default=DEFAULT_TZ,
    ),
    Question(
        id="time",
        label=_("申し込む時刻"),
        message_label=_("時刻"),
        title=_("何時ごろ申し込みますか"),
        hint=_(
            "この日は時刻によって、申し込みが翌月扱いになったりメンテナンスで止まったりします。"
            "決めていなければ空のまま進めてください(昼の12時で計算します)。"
        ),
        unanswered=_("答えを選んでください"),
        kind="input",
        parse=parse_time,
        default=DEFAULT_TIME,
        empty_allowed=True,
        asked=_time_matters,  # R3.3, R3.4, R3.5
        display=_time_or_noon,
        input_type="time",
    ),
    Question(
        id="started",
        label=_("契約した月"),
        message_label=_("契約開始月"),
        title=_("IIJmioを契約したのはいつですか"),
        hint=_(
            "古い音声通話プランには最低利用期間があり、その間にやめると解除調定金がかかります。"
            "年と月だけで構いません(例: 2019-04)。"
        ),
        unanswered=_("契約した年と月を入力してください"),
        kind="input",
        parse=parse_started,
        asked=_min_term_could_apply,  # R5.1
        typed=typed_date_text,
        input_type="month",
    ),
    Question(
        id="extras",
        label=_("あてはまること"),
        title=_("次のうち、あてはまるものはありますか"),
        hint=_("選んだものについてだけ、このあと詳しく聞きます。なければ何も選ばずに進めます。"),
        unanswered=_("答えを選んでください"),
        kind="checkboxes",
        choices=_extras,
        parse=parse_extras,
        empty_allowed=True,
        display=_extras_shown,
        typed=typed_codes,
        contract=False,  # which follow-up questions to ask; each answer is its own parameter
    ),
    Question(
        id="device_left",
        label=_("端末代の残り"),
        message_label=_("端末代金の残り"),
        title=_("IIJmioで買った端末の分割払いは、あといくら残っていますか"),
        hint=_("残っていなければ0。会員専用ページの利用明細で確かめられます。"),
        unanswered=_("残りの金額を入力してください(なければ0)"),
        kind="input",
        parse=whole_number(0, MAX_YEN, _YEN_MESSAGE),
        default=0,
        asked=_ticked("device"),  # R5.4
        display=_yen,
        typed=typed_number_text,
        input_mode="numeric",
        suffix=_("円"),
    ),
    Question(
        id="device_payoff",
        label=_("端末代の払い方"),
        message_label=_("端末代金の払い方"),
        title=_("端末代の残りは、どう払いますか"),
        hint=_(
            "まとめて払うと最後の請求に加わります。"
            "分割のままなら、やめたあとも毎月の支払いが続きます。"
        ),
        unanswered=_("払い方を選んでください"),
        choices=(
            Choice("lump", _("残りをまとめて払う")),
            Choice("monthly", _("分割のまま払い続ける")),
        ),
        asked=_has_balance,  # R5.4
    ),
    Question(
        id="device_monthly",
        label=_("端末代の月額"),
        message_label=_("端末代金の月々の支払額"),
        title=_("分割払いは毎月いくらですか"),
        hint=_("利用明細にある端末代金の月々の金額です。"),
        unanswered=_("毎月の金額を入力してください"),
        kind="input",
        parse=whole_number(0, MAX_YEN, _YEN_MESSAGE),
        asked=_pays_monthly,
        display=_yen,
        typed=typed_number_text,
        input_mode="numeric",
        suffix=_("円"),
    ),
    Question(
        id="hikari",
        label=_("IIJmioひかり"),
        message_label=_("IIJmio光の契約"),
        title=_("IIJmioひかりはどちらのタイプですか"),
        hint=_("光回線は携帯と一緒には終わりません。携帯をやめると、光回線のmio割がなくなります。"),
        unanswered=_("IIJmioひかりのタイプを選んでください"),
        choices=(
            Choice("mansion", _("マンションタイプ")),
            Choice("family", _("ファミリータイプ")),
        ),
        parse=one_of("none", "mansion", "family", name=_("IIJmio光の契約")),
        default="none",  # R8.1
        asked=_ticked("hikari"),
    ),
    Question(
        id="options",
        label=_("続くオプション"),
        message_label=_("続いているオプション"),
        title=_("次のオプションを使っていますか"),
        hint=_(
            "ここにあるオプションは回線をやめても終わらず、1つずつ解約が必要です。"
            "使っているものをすべて選んでください。"
        ),
        unanswered=_("答えを選んでください"),
        kind="checkboxes",
        choices=_continuing_options,
        parse=parse_options,
        default=(),  # R8.3
        asked=_ticked("options"),
        empty_allowed=True,
        display=_option_names,
        typed=typed_codes,
    ),
    Question(
        id="sim_lost",
        label=_("返せないSIMカード"),
        message_label=_("返却できないSIMカード"),
        title=_("返せないSIMカードは何枚ありますか"),
        hint=_("なくした、壊れたなどで返送できないカードの枚数。全部返せるなら0。"),
        unanswered=_("枚数を入力してください(全部返せるなら0)"),
        kind="input",
        parse=whole_number(
            0, MAX_LINES, _("返却できないカードの枚数は0以上の数字で入力してください。")
        ),
        default=0,
        asked=_lost_card_ticked,  # R6.1: eSIMs are not returned
        display=_cards,
        typed=typed_number_text,
        input_mode="numeric",
        suffix=_("枚"),
    ),
    Question(
        id="staying",
        label=_("残るSIM"),
        message_label=_("残るSIMの枚数"),
        title=_("同じシェアプランで、IIJmioに残るSIMは何枚ですか"),
        hint=_(
            "やめるSIMとは別に、シェアプランに残って使い続けるSIMの枚数です。"
            "残るSIMがあれば、プランもmio割も続きます。"
        ),
        unanswered=_("枚数を入力してください"),
        kind="input",
        parse=whole_number(
            0, MAX_LINES - 1, _("残るSIMの枚数は0から%(high)sまでの数字で入力してください。")
        ),
        default=0,  # R9.3
        asked=_ticked("staying"),
        display=_cards,
        typed=typed_number_text,
        input_mode="numeric",
        suffix=_("枚"),
    ),
    Question(
        id="leaving",
        label=_("日本を離れる予定"),
        title=_LEAVING,
        hint="",
        unanswered="",
        parse=parse_flag(_("日本を離れる予定")),
        default=False,  # R2.1, R3.5, R7.1: what someone leaving Japan must do first
        empty_allowed=True,
        asked=never,
        box="leaving",
    ),
)
BY_ID = {question.id: question for question in QUESTIONS}
CONTRACT_QUESTIONS = tuple(question for question in QUESTIONS if question.contract)
# The parsed value of each contract answer that has one when absent.
DEFAULTS = {q.id: q.default for q in CONTRACT_QUESTIONS if q.default is not None}
