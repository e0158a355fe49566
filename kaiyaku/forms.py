"""One small form per question. Each validates only its own answer, in plain Japanese.

A form is bound to the whole query string of its step (its own field plus the answers so far),
so it can read an earlier answer where its wording or range depends on one. Choices that are data
(plans, destinations, options) come from the snapshot, never from literals here.
"""

import datetime
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from . import answers as rules
from .templatetags.kaiyaku import jdate
from .zones import COMMON_ZONES


def normalise(raw):
    """Full-width digits and punctuation to ASCII, thousands separators and spaces dropped."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    return text.replace(",", "").replace(" ", "")


def yen_value(raw):
    """A number as typed ("12,000", "１２０００円", "2枚") → int, or None when it is not one."""
    text = normalise(raw).removesuffix("円").removesuffix("枚")
    return int(text) if text.isdigit() else None


class AnswerField(forms.Field):
    """The raw answer as typed; the form cleans it with the shared answer rules."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return (value or "").strip()


class QuestionForm(forms.Form):
    """A question page: one answer, its title, hint and summary label, cleaned by kaiyaku.answers.

    Messages come from `rules.clean_field` and the shared cross-field rules
    (`rules.parse_partial`), so the wizard says exactly what the result page and the JSON say.
    """

    name = ""
    title = ""
    hint = ""
    summary = ""  # short label on the check-answers page
    required_message = _("答えを選んでください")
    kind = "radios"  # how step.html lays the answer out: radios, checkboxes, input, select
    allow_empty = False  # may the answer be left empty ("none", "don't know", the default)?
    input_type = "text"
    input_mode = ""
    suffix = ""

    def __init__(self, data=None, *, snapshot, answers):
        super().__init__(data)
        self.snapshot = snapshot
        self.answers = answers  # the answers to the questions above this one

    def page_title(self):
        return self.title

    def page_hint(self):
        return self.hint

    def choices(self):
        return []

    def normalise(self, raw):
        return normalise(raw)

    def check(self, value):
        """A rule of the wizard only, beyond what a URL accepts. Raise ValidationError."""

    def clean(self):
        super().clean()
        if self.name not in self.data:
            self.add_error(self.name, self.required_message)
            return self.cleaned_data
        raw = self.normalise(self.cleaned_data.get(self.name, ""))
        if raw == "":
            if self.allow_empty:
                self.cleaned_data[self.name] = ""
            else:
                self.add_error(self.name, self.required_message)
            return self.cleaned_data
        try:
            value = rules.clean_field(self.name, raw, self.snapshot)
            self.check(value)
        except rules.AnswerError as exc:
            self.add_error(self.name, exc.message)
            return self.cleaned_data
        except forms.ValidationError as exc:
            self.add_error(self.name, exc)
            return self.cleaned_data
        _, errors = rules.parse_partial({**self.answers, self.name: raw}, self.snapshot)
        if self.name in errors:
            self.add_error(self.name, errors[self.name])
            return self.cleaned_data
        self.cleaned_data[self.name] = raw
        return self.cleaned_data

    def value(self):
        """The cleaned answer as the query string carries it."""
        return self.cleaned_data.get(self.name, "")

    def current(self):
        """What the field shows: the submitted text, or the answer given before."""
        if self.is_bound:
            return self.data.get(self.name, "")
        return self.answers.get(self.name, "")

    def display(self, raw):
        """The answer as a person reads it on the check-answers page."""
        return str(dict(self.choices()).get(raw, raw))

    def choice_rows(self):
        """The choices to draw, the first with the field's own id (the error summary links it)."""
        answered = self.name in (self.data if self.is_bound else self.answers)
        chosen = set(self.current().split(",")) if self.kind == "checkboxes" else {self.current()}
        return [
            {
                "value": value,
                "label": label,
                "checked": answered and value in chosen,
                "id": self.name if index == 0 else f"{self.name}-{index + 1}",
            }
            for index, (value, label) in enumerate(self.choices())
        ]


class ChoiceQuestion(QuestionForm):
    """A question answered by picking one of a fixed list."""

    options = ()

    def choices(self):
        return list(self.options)


class NumberQuestion(QuestionForm):
    """A whole number typed in: digits in any width, thousands separators allowed."""

    kind = "input"
    input_mode = "numeric"

    def normalise(self, raw):
        number = yen_value(raw)
        return normalise(raw) if number is None else str(number)


class ServiceForm(ChoiceQuestion):
    name = "service"
    title = _("やめたいSIMの種類はどれですか")
    hint = _("会員専用ページの「ご契約内容の確認」で確かめられます。")
    summary = _("SIMの種類")
    required_message = _("SIMの種類を選んでください")
    service = AnswerField()
    options = (
        ("voice", _("音声通話SIM(電話番号で通話できる)")),
        ("sms", _("SMS機能付きSIM")),
        ("data", _("データ専用SIM")),
    )


class GoalForm(ChoiceQuestion):
    name = "goal"
    title = _("今の電話番号を残しますか")
    hint = _(
        "番号を残して他社へ移るのが乗り換え(MNP転出)です。解約すると番号はなくなり、戻せません。"
    )
    summary = _("やめ方")
    required_message = _("番号を残すかどうかを選んでください")
    goal = AnswerField()
    options = (
        ("mnp", _("残す: 他社へ乗り換える(MNP転出)")),
        ("cancel", _("残さない: 解約する")),
    )


class DestForm(ChoiceQuestion):
    name = "dest"
    title = _("どこへ乗り換えますか")
    hint = _("乗り換え先によって、予約番号の有効期限があと何日必要かが違います。")
    summary = _("乗り換え先")
    required_message = _("乗り換え先を選んでください")
    dest = AnswerField()

    def choices(self):
        return [(c.code, c.name) for c in self.snapshot.destinations]


class SimForm(ChoiceQuestion):
    name = "sim"
    title = _("SIMカードですか、eSIMですか")
    hint = _("カードのSIMは、やめたあとに返送します。eSIMは返すものがありません。")
    summary = _("SIMの形")
    required_message = _("SIMカードかeSIMかを選んでください")
    sim = AnswerField()
    options = (("physical", _("SIMカード")), ("esim", _("eSIM")))


class LinesForm(NumberQuestion):
    name = "lines"
    title = _("何枚のSIMを一緒にやめますか")
    hint = _("1枚だけなら1。シェアプランで複数のSIMをまとめてやめるなら、その枚数(最大10)。")
    summary = _("やめるSIMの枚数")
    required_message = _("枚数を入力してください")
    lines = AnswerField()
    suffix = _("枚")

    def display(self, raw):
        return _("%(n)s枚") % {"n": raw}


class SimLostForm(NumberQuestion):
    name = "sim_lost"
    title = _("返せないSIMカードは何枚ありますか")
    hint = _("なくした、壊れたなどで返送できないカードの枚数。全部返せるなら0。")
    summary = _("返せないSIMカード")
    required_message = _("枚数を入力してください(全部返せるなら0)")
    sim_lost = AnswerField()
    suffix = _("枚")

    def display(self, raw):
        return _("%(n)s枚") % {"n": raw}


class PlanForm(ChoiceQuestion):
    name = "plan"
    title = _("今のプランはどれですか")
    hint = _(
        "最後の月の料金を計算に入れるために使います。わからなければ、料金を含めずに計算します。"
    )
    summary = _("プラン")
    required_message = _("プランを選ぶか、「わからない」を選んでください")
    allow_empty = True
    plan = AnswerField()

    def choices(self):
        plans = [
            (
                p.code,
                _("%(name)s(月%(price)s円)") % {"name": p.name, "price": f"{p.monthly_price:,.0f}"},
            )
            for p in self.snapshot.mobile_plans
        ]
        return [*plans, ("", _("わからない・この中にない"))]


class DateForm(QuestionForm):
    name = "date"
    kind = "input"
    input_type = "date"
    summary = _("予定日")
    required_message = _("日付を入力してください")
    date = AnswerField()

    def normalise(self, raw):
        return normalise(raw).replace("/", "-")

    def page_title(self):
        if self.answers.get("goal") == "mnp":
            return _("乗り換え先で開通させるのはいつの予定ですか")
        return _("解約を申し込むのはいつの予定ですか")

    def page_hint(self):
        if self.answers.get("goal") == "mnp":
            return _(
                "開通した日にIIJmioの回線は終わります。だいたいの日で構いません(例: 2026-10-20)。"
            )
        return _(
            "いつ申し込んでも、回線はその月の末日に終わります。"
            "だいたいの日で構いません(例: 2026-10-20)。"
        )

    def check(self, value):
        # The URL takes past dates (how it stood then); the wizard plans from today on.
        if value < rules.today_jst():
            raise forms.ValidationError(_("今日以降の日付を入力してください。"))

    def display(self, raw):
        try:
            return jdate(datetime.date.fromisoformat(raw))
        except ValueError:
            return raw

    def min_date(self):
        return rules.today_jst().isoformat()

    def max_date(self):
        return rules.latest_date().isoformat()


class TimeForm(QuestionForm):
    name = "time"
    kind = "input"
    input_type = "time"
    title = _("何時ごろ申し込みますか")
    hint = _(
        "月末の夜やメンテナンス中は申し込めないことがあります。"
        "決めていなければ空のまま進めてください(昼の12時で計算します)。"
    )
    summary = _("申し込む時刻")
    allow_empty = True
    time = AnswerField()

    def display(self, raw):
        return raw or _("決めていない(12:00で計算)")


class JapanForm(ChoiceQuestion):
    name = "japan"
    title = _("手続きをするとき、日本にいますか")
    hint = _("締め切りはすべて日本時間です。海外にいるなら、現地の時刻も並べて表示します。")
    summary = _("手続きをする場所")
    required_message = _("日本にいるかどうかを選んでください")
    japan = AnswerField()
    options = (("yes", _("日本にいる")), ("no", _("海外にいる")))

    def clean(self):
        # Not a contract.md answer: it only decides whether the time zone is asked.
        raw = (self.data or {}).get("japan", "")
        if raw not in dict(self.options):
            self.add_error("japan", self.required_message)
        else:
            self.cleaned_data = {"japan": raw}
        return self.cleaned_data


class TzForm(QuestionForm):
    name = "tz"
    kind = "select"
    title = _("どの地域にいますか")
    hint = _("現地の時刻を日本時間に直して、締め切りに間に合うかを確かめます。")
    summary = _("いる地域")
    required_message = _("地域を選んでください")
    tz = AnswerField()

    def choices(self):
        zones = [("", _("選んでください")), *COMMON_ZONES]
        # A zone from a shared link stays selectable when its answer is changed.
        current = self.current()
        if current and current not in dict(zones):
            zones.append((current, current))
        return zones


class StartedForm(QuestionForm):
    name = "started"
    kind = "input"
    input_type = "month"
    title = _("IIJmioを契約したのはいつですか")
    hint = _(
        "古い音声通話プランには最低利用期間があり、その間にやめると解除調定金がかかります。"
        "年と月だけで構いません(例: 2019-04)。"
    )
    summary = _("契約した月")
    required_message = _("契約した年と月を入力してください")
    started = AnswerField()

    def normalise(self, raw):
        return normalise(raw).replace("/", "-")


class DeviceLeftForm(NumberQuestion):
    name = "device_left"
    title = _("IIJmioで買った端末の分割払いは、あといくら残っていますか")
    hint = _("残っていなければ0。会員専用ページの利用明細で確かめられます。")
    summary = _("端末代の残り")
    required_message = _("残りの金額を入力してください(なければ0)")
    device_left = AnswerField()
    suffix = _("円")

    def display(self, raw):
        return f"{yen_value(raw) or 0:,}円"


class DevicePayoffForm(ChoiceQuestion):
    name = "device_payoff"
    title = _("端末代の残りは、どう払いますか")
    hint = _(
        "まとめて払うと最後の請求に加わります。分割のままなら、やめたあとも毎月の支払いが続きます。"
    )
    summary = _("端末代の払い方")
    required_message = _("払い方を選んでください")
    device_payoff = AnswerField()
    options = (("lump", _("残りをまとめて払う")), ("monthly", _("分割のまま払い続ける")))


class DeviceMonthlyForm(NumberQuestion):
    name = "device_monthly"
    title = _("分割払いは毎月いくらですか")
    hint = _("利用明細にある端末代金の月々の金額です。")
    summary = _("端末代の月額")
    required_message = _("毎月の金額を入力してください")
    device_monthly = AnswerField()
    suffix = _("円")

    def display(self, raw):
        return f"{yen_value(raw) or 0:,}円"


class HikariForm(ChoiceQuestion):
    name = "hikari"
    title = _("IIJmioひかりを使っていますか")
    hint = _("光回線は携帯と一緒には終わりません。携帯をやめると、光回線のmio割がなくなります。")
    summary = _("IIJmioひかり")
    required_message = _("IIJmioひかりを使っているかを選んでください")
    hikari = AnswerField()
    options = (
        ("none", _("使っていない")),
        ("mansion", _("使っている(マンションタイプ)")),
        ("family", _("使っている(ファミリータイプ)")),
    )


class OptionsForm(QuestionForm):
    name = "options"
    kind = "checkboxes"
    title = _("次のオプションを使っていますか")
    hint = _(
        "ここにあるオプションは回線をやめても終わらず、1つずつ解約が必要です。"
        "使っているものをすべて選んでください。なければ何も選ばずに進めます。"
    )
    summary = _("続くオプション")
    allow_empty = True
    options = AnswerField()

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Checkboxes arrive as repeated parameters (and a hidden empty one, so that
            # "none chosen" is an answer); the query string keeps them comma-separated.
            data = data.copy()
            values = [v for raw in data.getlist("options") for v in raw.split(",") if v]
            data.setlist("options", [",".join(values)])
        super().__init__(data, **kwargs)

    def normalise(self, raw):
        return raw.strip()

    def choices(self):
        return [
            (
                o.code,
                _("%(name)s(月%(price)s円)") % {"name": o.name, "price": f"{o.monthly_price:,.0f}"},
            )
            for o in self.snapshot.continuing_options
        ]

    def selected(self):
        return [code for code in self.current().split(",") if code]

    def display(self, raw):
        names = dict(self.choices())
        chosen = [str(names.get(code, code)) for code in raw.split(",") if code]
        return "、".join(chosen) or _("使っていない")


class HolderForm(ChoiceQuestion):
    name = "holder"
    title = _("契約しているのは誰ですか")
    hint = _("法人の契約や、保護者の名義の契約は、手続きをする人と窓口が変わります。")
    summary = _("契約者")
    required_message = _("契約している人を選んでください")
    holder = AnswerField()
    options = (
        ("personal", _("自分(個人)")),
        ("corporate", _("会社などの法人")),
        ("minor", _("保護者(自分が18歳未満で、保護者の名義)")),
    )
