"""The answers: one place that turns a query string into normalised answers or field errors.

Every entry point uses this module (the JSON and calendar exports, the result page, the wizard), so
a rule of contract.md's answers table is enforced once and every message is the same everywhere.

Public API
----------
`parse_answers(query, snapshot) -> (Answers | None, errors)`
    The whole set. `query` is a QueryDict or a plain dict of str → str (a list value counts by its
    last item, as QueryDict.get does). Exactly one of the two is non-empty: the answers, or
    `errors` = {field: [Japanese message, …]}. Unknown parameters are ignored; an empty value is
    the same as an absent one; nothing raises, whatever the input.

`parse_partial(query, snapshot) -> (values, errors)`
    The steps answered so far (for the wizard): only the fields present are cleaned, missing
    required fields are not errors, and a cross-field rule is checked once every field it needs
    is present (or has a default). `values` maps field name → cleaned Python value.

`clean_field(name, raw, snapshot) -> value`
    One field on its own, raising `AnswerError(message)`; the wizard's forms call it from their
    `clean_<field>()` so their messages are these messages. `FIELDS` lists every field with its
    Japanese label, whether it is required and its default.

`Answers.to_query()`
    The canonical query parameters: keys sorted, values as strings, **defaults and absent
    optional answers omitted**, answers that do not apply to the goal dropped (`dest` and `time`
    are mnp-/cancel-only, `device_*` only with a balance). The canonical result URL is
    `/result/?` + urlencode(answers.to_query()); parsing that query gives the same answers back.

`Answers.as_json()`
    Every answer with its value (defaults included, absent ones null): the JSON "answers".
"""

import datetime
import re
from dataclasses import asdict, dataclass, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .planner.calendar import JST
from .templatetags.kaiyaku import jdate

DEFAULT_TZ = JST.key  # Japan: every rule runs in Japan time (R3.5)
DEFAULT_TIME = datetime.time(12, 0)
EARLIEST_DATE = datetime.date(2019, 1, 1)
YEARS_AHEAD = 2
EARLIEST_STARTED = datetime.date(2000, 1, 1)  # input sanity, not a fact: no contract is older
MAX_LINES = 10
MAX_YEN = 10_000_000  # input sanity bound for device balances

GOALS = ("cancel", "mnp")
SERVICES = ("voice", "sms", "data")
SIMS = ("physical", "esim")
PAYOFFS = ("lump", "monthly")
HIKARI = ("none", "mansion", "family")
HOLDERS = ("personal", "corporate", "minor")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_INT = re.compile(r"\d{1,9}")


class AnswerError(ValueError):
    """A field's value cannot be used; the message is for the person who entered it."""

    @property
    def message(self):
        return self.args[0]


@dataclass(frozen=True)
class Field:
    label: str
    required: bool = False
    default: object = None


FIELDS = {
    "goal": Field("手続き", required=True),
    "service": Field("回線の種類", required=True),
    "sim": Field("SIMの形", required=True),
    "date": Field("日付", required=True),
    "time": Field("時刻", default=DEFAULT_TIME),
    "tz": Field("いる場所のタイムゾーン", default=DEFAULT_TZ),
    "started": Field("契約開始月"),
    "plan": Field("料金プラン"),
    "lines": Field("回線数", default=1),
    "dest": Field("転出先"),
    "device_left": Field("端末代金の残り", default=0),
    "device_monthly": Field("端末代金の月々の支払額"),
    "device_payoff": Field("端末代金の払い方"),
    "hikari": Field("IIJmio光の契約", default="none"),
    "options": Field("続いているオプション", default=()),
    "holder": Field("契約者", default="personal"),
    "sim_lost": Field("返却できないSIMカード", default=0),
}


@dataclass(frozen=True)
class Answers:
    goal: str
    service: str
    sim: str
    date: datetime.date
    time: datetime.time | None = DEFAULT_TIME  # None for mnp: the date is a whole day
    tz: str = DEFAULT_TZ
    started: datetime.date | None = None  # first day of the month
    plan: str | None = None
    lines: int = 1
    dest: str | None = None
    device_left: int = 0
    device_monthly: int | None = None
    device_payoff: str | None = None
    hikari: str = "none"
    options: tuple[str, ...] = ()
    holder: str = "personal"
    sim_lost: int = 0

    @property
    def zone(self):
        return ZoneInfo(self.tz)

    @property
    def abroad(self) -> bool:
        """R3.5: the person is outside Japan, so their clock is not the deadline's."""
        return self.tz != DEFAULT_TZ

    def to_query(self):
        query = {}
        for name, value in sorted(asdict(self).items()):
            if value is None or value == FIELDS[name].default or value == ():
                continue
            query[name] = _format(value, name)
        return query

    def as_json(self):
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


def _format(value, name):
    if name == "started":
        return value.strftime("%Y-%m")
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# -- one field at a time ----------------------------------------------------------------------


def today_jst():
    return datetime.datetime.now(JST).date()


def latest_date():
    today = today_jst()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February → 28 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _shown(raw):
    return raw if len(raw) <= 20 else raw[:20] + "…"


def _choice(name, raw, choices):
    if raw not in choices:
        raise AnswerError(
            f"{FIELDS[name].label}の「{_shown(raw)}」は選べません。一覧から選んでください。"
        )
    return raw


def _date(raw):
    if not _DATE.fullmatch(raw):
        raise AnswerError("日付を「2026-10-28」の形で入力してください。")
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise AnswerError(
            f"{raw} という日付はありません。カレンダーにある日付を入力してください。"
        ) from None
    latest = latest_date()
    if not EARLIEST_DATE <= day <= latest:
        raise AnswerError(
            f"日付は{jdate(EARLIEST_DATE)}から{jdate(latest)}までの間で入力してください。"
        )
    return day


def _time(raw):
    if not _TIME.fullmatch(raw):
        raise AnswerError("時刻を「21:30」のように24時間表記で入力してください。")
    hour, minute = (int(part) for part in raw.split(":"))
    if hour > 23 or minute > 59:
        raise AnswerError("時刻は 0:00 から 23:59 までで入力してください。")
    return datetime.time(hour, minute)


_ZONES = None


def _tz(raw):
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    # available_timezones() lists real IANA names only; it also keeps "../x" paths out of ZoneInfo.
    if raw not in _ZONES:
        raise AnswerError(
            f"「{_shown(raw)}」というタイムゾーンは見つかりません。"
            "「America/Los_Angeles」のような地域名で入力してください。"
        )
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise AnswerError(f"「{_shown(raw)}」というタイムゾーンは使えません。") from None
    return raw


def _started(raw):
    if not _MONTH.fullmatch(raw):
        raise AnswerError("契約開始月を「2019-04」の形で入力してください。")
    year, month = (int(part) for part in raw.split("-"))
    if not 1 <= month <= 12:
        raise AnswerError(f"{raw} という月はありません。月は01から12で入力してください。")
    start = datetime.date(year, month, 1)
    if not EARLIEST_STARTED <= start <= latest_date():
        raise AnswerError(
            f"契約開始月は{EARLIEST_STARTED.year}年1月以降の、実際に契約した月を入力してください。"
        )
    return start


def _integer(raw, low, high, message):
    if not _INT.fullmatch(raw):
        raise AnswerError(message)
    value = int(raw)
    if not low <= value <= high:
        raise AnswerError(message)
    return value


def _options(raw, snapshot):
    codes = []
    for code in (part.strip() for part in raw.split(",")):
        if not code:
            continue
        option = snapshot.option(code)
        if option is None:
            raise AnswerError(f"「{_shown(code)}」というオプションはありません。")
        if option.ends_with_line:
            raise AnswerError(
                f"{option.name}は回線と一緒に自動で終わるので、ここで選ぶ必要はありません。"
            )
        codes.append(code)
    order = [o.code for o in snapshot.continuing_options]
    return tuple(sorted(set(codes), key=order.index))


def clean_field(name, raw, snapshot):
    """The cleaned value of one field, or AnswerError. `raw` is a non-empty string."""
    yen = "金額は0以上の整数(円)で、カンマを付けずに入力してください。"
    match name:
        case "goal":
            return _choice(name, raw, GOALS)
        case "service":
            return _choice(name, raw, SERVICES)
        case "sim":
            return _choice(name, raw, SIMS)
        case "device_payoff":
            return _choice(name, raw, PAYOFFS)
        case "hikari":
            return _choice(name, raw, HIKARI)
        case "holder":
            return _choice(name, raw, HOLDERS)
        case "date":
            return _date(raw)
        case "time":
            return _time(raw)
        case "tz":
            return _tz(raw)
        case "started":
            return _started(raw)
        case "plan":
            if snapshot.plan(raw) is None:
                raise AnswerError(f"「{_shown(raw)}」という料金プランはありません。")
            return raw
        case "dest":
            if snapshot.destination(raw) is None:
                raise AnswerError(
                    f"「{_shown(raw)}」という転出先はありません。一覧から選んでください。"
                )
            return raw
        case "lines":
            return _integer(
                raw, 1, MAX_LINES, f"回線数は1から{MAX_LINES}までの数字で入力してください。"
            )
        case "sim_lost":
            return _integer(
                raw, 0, MAX_LINES, "返却できないカードの枚数は0以上の数字で入力してください。"
            )
        case "device_left" | "device_monthly":
            return _integer(raw, 0, MAX_YEN, yen)
        case "options":
            return _options(raw, snapshot)
    raise AnswerError("この項目はありません。")


# -- rules across fields ----------------------------------------------------------------------


def _cross_errors(values):
    """Rules between fields, each checked once every field it needs is known (R2.2, R6.1 …)."""
    errors = {}

    def has(*names):
        return all(n in values for n in names)

    if has("goal", "service") and values["goal"] == "mnp" and values["service"] != "voice":
        # R2.2: only voice lines have a number to keep.
        errors["goal"] = [
            "番号を引き継ぐMNP転出ができるのは音声通話SIMだけです。"
            "データ専用・SMS付きのSIMは「解約」を選んでください。"
        ]
    if has("goal") and values["goal"] == "mnp" and "dest" not in values:
        errors["dest"] = ["転出先の通信会社を選んでください。わからなければ「その他」を選べます。"]
    if has("sim_lost", "lines") and values["sim_lost"] > values["lines"]:
        errors["sim_lost"] = [
            f"返却できないカードの枚数は、回線数({values['lines']})以下にしてください。"
        ]
    if has("sim_lost", "sim") and values["sim"] == "esim" and values["sim_lost"] > 0:
        # R6.1: an eSIM has no card to return or lose.
        errors.setdefault("sim_lost", []).append(
            "eSIMには返却するカードがないので、0にしてください。"
        )
    if has("started", "date") and values["started"] > values["date"].replace(day=1):
        errors["started"] = ["契約開始月は、手続きをする日より後の月にはできません。"]
    left = values.get("device_left", 0)
    if left > 0 and "device_payoff" not in values:
        errors["device_payoff"] = ["端末代金の残りを一括で払うか、分割を続けるかを選んでください。"]
    if left > 0 and values.get("device_payoff") == "monthly":
        monthly = values.get("device_monthly")
        if not monthly:
            errors["device_monthly"] = ["毎月の分割払いの金額を入力してください。"]
        elif monthly > left:
            errors["device_monthly"] = ["毎月の支払額は、端末代金の残り以下にしてください。"]
    return errors


def _raw_items(query):
    """(name, non-empty string) for each known field in the query; never raises."""
    try:
        keys = list(query.keys())
    except Exception:  # not a mapping at all
        return
    for name in keys:
        if name not in FIELDS:
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


def _clean_all(query, snapshot):
    given, errors = {}, {}
    for name, raw in _raw_items(query):
        try:
            given[name] = clean_field(name, raw, snapshot)
        except AnswerError as exc:
            errors[name] = [exc.message]
    return given, errors


def _with_defaults(given):
    merged = {n: f.default for n, f in FIELDS.items() if f.default is not None}
    merged.update(given)
    return merged


def _merge(errors, more):
    for name, messages in more.items():
        if name not in errors:  # a field's own error comes first and is enough
            errors[name] = messages


def parse_partial(query, snapshot):
    given, errors = _clean_all(query, snapshot)
    checkable = {k: v for k, v in _with_defaults(given).items() if k not in errors}
    cross = _cross_errors(checkable)
    for later in ("dest", "device_payoff", "device_monthly"):
        if later not in given:
            cross.pop(later, None)  # "missing" only means "not asked yet"
    _merge(errors, cross)
    return {k: v for k, v in given.items() if k not in errors}, errors


def parse_answers(query, snapshot):
    given, errors = _clean_all(query, snapshot)
    for name, spec in FIELDS.items():
        if spec.required and name not in given and name not in errors:
            errors[name] = [f"{spec.label}を入力してください。"]
    values = {k: v for k, v in _with_defaults(given).items() if k not in errors}
    _merge(errors, _cross_errors(values))
    if errors:
        return None, errors
    return _normalise(values), {}


def _normalise(values):
    """Drop answers that do not apply, so equal situations have one canonical query."""
    if values["goal"] != "mnp":
        values.pop("dest", None)
    else:
        values["time"] = None  # mnp: the date is the activation day, not a moment
    if values.get("device_left", 0) == 0:
        values.pop("device_payoff", None)
        values.pop("device_monthly", None)
    elif values.get("device_payoff") != "monthly":
        values.pop("device_monthly", None)
    return Answers(**values)
