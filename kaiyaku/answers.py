"""The answers: one place that turns a query string into normalised answers or field errors.

Every entry point uses this module (the JSON and calendar exports, the result page, the wizard), so
a rule of contract.md's answers table is enforced once and every message is the same everywhere.
Each answer's own parser, default and name in messages are declared with its question
(kaiyaku.questions); this module adds the rules across answers and the Answers object.

Public API
----------
`parse_answers(query, snapshot) -> (Answers | None, errors)`
    The whole set. `query` is a QueryDict or a plain dict of str → str. Exactly one of the two is
    non-empty: the answers, or `errors` = {field: [Japanese message, …]}. Unknown parameters are
    ignored; an empty value is the same as an absent one; an answer given twice, or one the rest
    rules out (`dest` with a cancellation, `time` with MNP …), is an error naming the field;
    nothing raises, whatever the input.

`parse_partial(query, snapshot) -> (values, errors)`
    The steps answered so far (for the wizard): only the fields present are cleaned, missing
    required fields are not errors, and a cross-field rule is checked once every field it needs
    is present (or has a default). `values` maps field name → cleaned Python value.

`Answers.to_query()`
    The canonical query parameters: keys sorted, values as strings, **defaults and absent
    optional answers omitted**, `started` only where a minimum-term rule can reach the date
    (R5.1), `plan` only for the line its prices are for (R1.2), `time` only where the hour can
    change the result (R3.3–R3.5). The canonical result URL is
    `/result/?` + urlencode(answers.to_query()); parsing that query gives the same answers back.

`Answers.wizard_query(snapshot)`
    The same answers as the wizard's query string: every question the wizard would ask, with
    defaults written as the wizard writes them, and the boxes of `extras` the answers tick. The
    way back from a result to the check-answers page.

`Answers.as_json()`
    Every answer with its value (defaults included, absent ones null): the JSON "answers".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from . import flow
from .parsing import DEFAULT_TZ, MAX_INSTALMENTS, MAX_LINES, AnswerError
from .planner.conventions import PRICED_SERVICE
from .questions import BY_ID, DEFAULTS, extras_of, started_can_matter, time_can_matter

if TYPE_CHECKING:  # the snapshot module loads the models; parsing only reads what it hands it
    from .snapshot.shapes import Snapshot

type Errors = dict[str, list[str]]


@dataclass(frozen=True)
class Answers:
    """One person's normalised answers; each default is its question's (kaiyaku.questions)."""

    goal: str
    service: str
    sim: str
    date: datetime.date
    time: datetime.time | None = DEFAULTS["time"]  # None for mnp: the date is a whole day
    tz: str = DEFAULTS["tz"]
    started: datetime.date | None = None  # first day of the month
    plan: str | None = None
    lines: int = DEFAULTS["lines"]
    dest: str | None = None
    device_left: int = DEFAULTS["device_left"]
    device_monthly: int | None = None
    device_payoff: str | None = None
    hikari: str = DEFAULTS["hikari"]
    options: tuple[str, ...] = DEFAULTS["options"]
    holder: str = DEFAULTS["holder"]
    sim_lost: int = DEFAULTS["sim_lost"]
    staying: int = DEFAULTS["staying"]  # R9.3: lines of the same share plan that stay
    leaving: bool = DEFAULTS["leaving"]  # about to leave Japan (R2.1, R3.5, R7.1)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def abroad(self) -> bool:
        """R3.5: the person is outside Japan, so their clock is not the deadline's."""
        return self.tz != DEFAULT_TZ

    @property
    def leaves_japan(self) -> bool:
        """Abroad, or about to leave: the number, the card and the SIM outlive the stay."""
        return self.abroad or self.leaving

    def to_query(self) -> dict[str, str]:
        query = {}
        # The fields as they are: asdict() deep-copied every value, a tenth of a result's links.
        for name, value in sorted((f.name, getattr(self, f.name)) for f in fields(self)):
            if value is None or value == DEFAULTS.get(name) or value == ():
                continue
            query[name] = _format(value, name)
        return query

    def wizard_query(self, snapshot: Snapshot) -> dict[str, str]:
        """The wizard's query for these answers: the way back from a result to its check page."""
        ticked = extras_of(
            device_left=self.device_left,
            hikari=self.hikari,
            options=self.options,
            sim_lost=self.sim_lost,
            staying=self.staying,
            leaving=self.leaving,
        )
        return flow.answered_with_defaults({**self.to_query(), "extras": ticked}, snapshot)

    def as_json(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                out[f.name] = list(value)
            elif isinstance(value, datetime.date | datetime.time):
                out[f.name] = _format(value, f.name)
            else:
                out[f.name] = value
        return out


def _format(value: object, name: str) -> str:
    if name == "started":
        return value.strftime("%Y-%m")
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# The contract's answers, in the order of Answers: required ones are reported in this order.
_CONTRACT_IDS = tuple(f.name for f in fields(Answers))


# -- rules across fields ----------------------------------------------------------------------


def _cross_errors(values: dict[str, Any]) -> Errors:
    """Rules between fields, each checked once every field it needs is known (R2.2, R6.1 …)."""
    errors = {}

    def has(*names):
        return all(n in values for n in names)

    if has("goal", "service") and values["goal"] == "mnp" and values["service"] != "voice":
        # R2.2: only voice lines have a number to keep.
        errors["goal"] = [
            _(
                "番号を引き継ぐMNP転出ができるのは音声通話SIMだけです。"
                "データ専用・SMS付きのSIMは「解約」を選んでください。"
            )
        ]
    if has("goal") and values["goal"] == "mnp" and "dest" not in values:
        errors["dest"] = [
            _("転出先の通信会社を選んでください。わからなければ「その他」を選べます。")
        ]
    if has("sim_lost", "lines") and values["sim_lost"] > values["lines"]:
        errors["sim_lost"] = [
            _("返却できないカードの枚数は、回線数(%(lines)s)以下にしてください。")
            % {"lines": values["lines"]}
        ]
    if has("sim_lost", "sim") and values["sim"] == "esim" and values["sim_lost"] > 0:
        # R6.1: an eSIM has no card to return or lose.
        errors.setdefault("sim_lost", []).append(
            _("eSIMには返却するカードがないので、0にしてください。")
        )
    if has("started", "date") and values["started"] > values["date"].replace(day=1):
        errors["started"] = [_("契約開始月は、手続きをする日より後の月にはできません。")]
    left = values.get("device_left", 0)
    if left > 0 and "device_payoff" not in values:
        errors["device_payoff"] = [
            _("端末代金の残りを一括で払うか、分割を続けるかを選んでください。")
        ]
    if left > 0 and values.get("device_payoff") == "monthly":
        monthly = values.get("device_monthly")
        if not monthly:
            errors["device_monthly"] = [_("毎月の分割払いの金額を入力してください。")]
        elif monthly > left:
            errors["device_monthly"] = [_("毎月の支払額は、端末代金の残り以下にしてください。")]
        elif left // monthly > MAX_INSTALMENTS:
            errors["device_monthly"] = [
                _(
                    "この金額では支払いが%(count)s回を超えます。"
                    "利用明細にある月々の金額を入力してください。"
                )
                % {"count": MAX_INSTALMENTS}
            ]
    if has("staying", "lines") and values["staying"] + values["lines"] > MAX_LINES:
        errors["staying"] = [
            _("やめるSIMと残るSIMは、合わせて%(count)s枚までです(シェアプランの上限)。")
            % {"count": MAX_LINES}
        ]
    return errors


def _raw_items(query: object) -> Iterator[tuple[str, str]]:
    """(name, non-empty string) for each contract answer in the query; never raises."""
    try:
        keys = list(query.keys())
    except Exception:  # not a mapping at all
        return
    for name in keys:
        if name not in _CONTRACT_IDS:
            continue
        try:
            value = query[name]
            if isinstance(value, list | tuple):
                value = value[-1] if value else ""
        except Exception:
            continue
        if not isinstance(value, str):
            value = str(value)
        value = value.strip()
        if value:
            yield name, value


def _clean_all(query: object, snapshot: Snapshot) -> tuple[dict[str, Any], Errors]:
    given, errors = {}, {}
    for name, raw in _raw_items(query):
        try:
            given[name] = BY_ID[name].clean(raw, snapshot)
        except AnswerError as exc:
            errors[name] = [exc.message]
    return given, errors


def _repeated(query: object) -> Errors:
    """An answer given twice is a question the link answers two ways (contract.md)."""
    errors = {}
    for name in _CONTRACT_IDS:
        try:
            values = query.getlist(name) if hasattr(query, "getlist") else query.get(name)
        except Exception:
            continue
        if isinstance(values, list | tuple) and len(values) > 1:
            label = BY_ID[name].name_in_messages
            errors[name] = [
                _("%(label)sが2回以上指定されています。1つだけにしてください。") % {"label": label}
            ]
    return errors


def _contradictions(given: dict[str, Any]) -> Errors:
    """Answers a link gives that the rest of it rules out (contract.md): errors, never dropped."""
    errors = {}
    goal = given.get("goal")
    if goal == "cancel" and "dest" in given:
        errors["dest"] = [_("転出先は、番号を残す乗り換え(MNP転出)のときだけ指定できます。")]
    if goal == "mnp" and "time" in given:
        errors["time"] = [_("時刻は解約のときだけ使います。乗り換えは開通する日だけで計算します。")]
    if "device_payoff" in given and not given.get("device_left"):
        errors["device_payoff"] = [_("端末代金の残りがないので、払い方は指定できません。")]
    if "device_monthly" in given and given.get("device_payoff") != "monthly":
        errors["device_monthly"] = [_("毎月の支払額は、分割のまま払い続けるときだけ指定できます。")]
    return errors


def _with_defaults(given: dict[str, Any]) -> dict[str, Any]:
    return {**DEFAULTS, **given}


def _merge(errors: Errors, more: Errors) -> None:
    for name, messages in more.items():
        if name not in errors:  # a field's own error comes first and is enough
            errors[name] = messages


def parse_partial(query: object, snapshot: Snapshot) -> tuple[dict[str, Any], Errors]:
    given, errors = _clean_all(query, snapshot)
    checkable = {k: v for k, v in _with_defaults(given).items() if k not in errors}
    cross = _cross_errors(checkable)
    for later in ("dest", "device_payoff", "device_monthly"):
        if later not in given:
            cross.pop(later, None)  # "missing" only means "not asked yet"
    _merge(errors, cross)
    return {k: v for k, v in given.items() if k not in errors}, errors


def parse_answers(query: object, snapshot: Snapshot) -> tuple[Answers | None, Errors]:
    given, errors = _clean_all(query, snapshot)
    _merge(errors, _repeated(query))
    for name in _CONTRACT_IDS:  # in the order of Answers, as the errors are listed
        question = BY_ID[name]
        if question.required and name not in given and name not in errors:
            errors[name] = [
                _("%(label)sを入力してください。") % {"label": question.name_in_messages}
            ]
    _merge(errors, _contradictions(given))
    values = {k: v for k, v in _with_defaults(given).items() if k not in errors}
    _merge(errors, _cross_errors(values))
    if errors:
        return None, errors
    return _normalise(values, snapshot), {}


# contract.md's `lang`: the language of the texts in the JSON and the calendar file. Not one of
# the Answers (it changes no date or amount, and a page's language is its URL's), but parsed as
# strictly: an unknown or repeated value is a 400 naming the field.
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


def parse_language(query: object) -> tuple[str, Errors]:
    """(language, errors) from a query's `lang`; never raises."""
    try:
        values = query.getlist("lang") if hasattr(query, "getlist") else [query.get("lang")]
    except Exception:
        values = []
    values = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(values) > 1:
        return DEFAULT_LANGUAGE, {"lang": [_("言語(lang)は1つだけ指定してください。")]}
    if not values:
        return DEFAULT_LANGUAGE, {}
    if values[0] not in LANGUAGES:
        message = _("言語(lang)の「%(value)s」は使えません。ja か en を指定してください。")
        return DEFAULT_LANGUAGE, {"lang": [message % {"value": values[0][:20]}]}
    return values[0], {}


def in_language(language: str) -> dict[str, str]:
    """`lang` as a query carries it: nothing for the default."""
    return {} if language == DEFAULT_LANGUAGE else {"lang": language}


def _normalise(values: dict[str, Any], snapshot: Snapshot) -> Answers:
    """Leave out what cannot change the result, so equal situations have one canonical query."""
    if values["goal"] == "mnp":
        values["time"] = None  # mnp: the date is the activation day, not a moment
    elif not time_can_matter(values["date"], values["tz"], snapshot):
        values.pop("time", None)  # R3.3–R3.5: any hour of this day gives the same result
    if not started_can_matter(values["service"], values["date"], snapshot):
        values.pop("started", None)  # R5.1: no minimum-term rule reaches this date
    if values["service"] != PRICED_SERVICE:
        values.pop("plan", None)  # R1.2: the data prices voice lines only
    return Answers(**values)
