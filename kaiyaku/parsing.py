"""One answer's text → its value: the parsers the questions declare, their bounds and messages.

A parser takes a non-empty, stripped string (as a URL carries it, or as the wizard normalised
what was typed) and the data snapshot, and returns the value or raises `AnswerError(message)`;
the message is for the person who entered it, the same on a wizard step, the result page and in
the JSON. Numbers are ASCII digits only, and short: `\\d` and `str.isdigit()` also accept other
scripts' digits, some of which `int()` refuses.

The second half normalises what a person types into a wizard field (full-width digits, "12,000円")
into the text a URL would carry.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext as _

from . import preview
from .planner.calendar import JST
from .planner.destinations import UNDECIDED
from .templatetags.kaiyaku import jdate

if TYPE_CHECKING:  # the snapshot module loads the models; parsers only read what it hands them
    from .snapshot.shapes import Snapshot

DEFAULT_TZ = JST.key  # Japan: every rule runs in Japan time (R3.5)
DEFAULT_TIME = datetime.time(12, 0)
EARLIEST_DATE = datetime.date(2019, 1, 1)
YEARS_AHEAD = 2
EARLIEST_STARTED = datetime.date(2000, 1, 1)  # input sanity, not a fact: no contract is older
MAX_LINES = 10
MAX_YEN = 10_000_000  # input sanity bound for device balances
# Input sanity, not a fact: no device is paid off in more monthly instalments than this (R5.4);
# beyond it a balance and a monthly amount describe no real plan (and no calendar holds them).
MAX_INSTALMENTS = 240
MAX_DIGITS = 9  # a whole number in an answer: ASCII digits, at most this many

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}")
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")

type Parser = Callable[[str, Snapshot], object]


class AnswerError(ValueError):
    """A field's value cannot be used; the message is for the person who entered it."""

    @property
    def message(self) -> str:
        return str(self.args[0])  # a lazy message is written in the language of the moment


def today_jst() -> datetime.date:
    """Today in Japan; an editor's previewed date during a preview (kaiyaku.preview)."""
    return preview.now().astimezone(JST).date()


def latest_date() -> datetime.date:
    today = today_jst()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February → 28 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def shown(raw: str) -> str:
    """A value quoted back in a message, cut short."""
    return raw if len(raw) <= 20 else raw[:20] + "…"


def parse_date(raw: str, snapshot: Snapshot) -> datetime.date:
    if not _DATE.fullmatch(raw):
        raise AnswerError(_("日付を「2026-10-28」の形で入力してください。"))
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise AnswerError(
            _("%(value)s という日付はありません。カレンダーにある日付を入力してください。")
            % {"value": raw}
        ) from None
    latest = latest_date()
    if not EARLIEST_DATE <= day <= latest:
        raise AnswerError(
            _("日付は%(first)sから%(last)sまでの間で入力してください。")
            % {"first": jdate(EARLIEST_DATE), "last": jdate(latest)}
        )
    return day


def parse_time(raw: str, snapshot: Snapshot) -> datetime.time:
    if not _TIME.fullmatch(raw):
        raise AnswerError(_("時刻を「21:30」のように24時間表記で入力してください。"))
    hour, minute = (int(part) for part in raw.split(":"))
    if hour > 23 or minute > 59:
        raise AnswerError(_("時刻は 0:00 から 23:59 までで入力してください。"))
    return datetime.time(hour, minute)


_ZONES: frozenset[str] = frozenset()


def parse_tz(raw: str, snapshot: Snapshot) -> str:
    global _ZONES
    if not _ZONES:
        _ZONES = frozenset(available_timezones())
    # available_timezones() lists real IANA names only; it also keeps "../x" paths out of ZoneInfo.
    if raw not in _ZONES:
        raise AnswerError(
            _(
                "「%(value)s」というタイムゾーンは見つかりません。"
                "「America/Los_Angeles」のような地域名で入力してください。"
            )
            % {"value": shown(raw)}
        )
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise AnswerError(
            _("「%(value)s」というタイムゾーンは使えません。") % {"value": shown(raw)}
        ) from None
    return raw


def parse_started(raw: str, snapshot: Snapshot) -> datetime.date:
    """A contract's start month → its first day."""
    if not _MONTH.fullmatch(raw):
        raise AnswerError(_("契約開始月を「2019-04」の形で入力してください。"))
    year, month = (int(part) for part in raw.split("-"))
    if not 1 <= month <= 12:
        raise AnswerError(
            _("%(value)s という月はありません。月は01から12で入力してください。") % {"value": raw}
        )
    start = datetime.date(year, month, 1)
    if not EARLIEST_STARTED <= start <= latest_date():
        raise AnswerError(
            _("契約開始月は%(year)s年1月以降の、実際に契約した月を入力してください。")
            % {"year": EARLIEST_STARTED.year}
        )
    return start


def whole_number(low: int, high: int, message: str) -> Parser:
    """A parser of whole numbers from `low` to `high`; anything else gets `message` (lazy, and
    it may name the bounds as %(low)s and %(high)s)."""

    def parse(raw: str, snapshot: Snapshot) -> int:
        if not _NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
            raise AnswerError(str(message) % {"low": low, "high": high})
        return int(raw)

    return parse


def parse_plan(raw: str, snapshot: Snapshot) -> str:
    if snapshot.plan(raw) is None:
        raise AnswerError(_("「%(value)s」という料金プランはありません。") % {"value": shown(raw)})
    return raw


def parse_destination(raw: str, snapshot: Snapshot) -> str:
    """A destination's code, or UNDECIDED: planned on the strictest rule (R4.3)."""
    if raw != UNDECIDED and snapshot.destination(raw) is None:
        raise AnswerError(
            _("「%(value)s」という転出先はありません。一覧から選んでください。")
            % {"value": shown(raw)}
        )
    return raw


def parse_options(raw: str, snapshot: Snapshot) -> tuple[str, ...]:
    """Comma-separated option codes → the continuing options, once each, in the data's order."""
    codes = []
    for code in (part.strip() for part in raw.split(",")):
        if not code:
            continue
        option = snapshot.option(code)
        if option is None:
            raise AnswerError(
                _("「%(value)s」というオプションはありません。") % {"value": shown(code)}
            )
        if option.ends_with_line:
            raise AnswerError(
                _("%(name)sは回線と一緒に自動で終わるので、ここで選ぶ必要はありません。")
                % {"name": option.name}
            )
        codes.append(code)
    order = [o.code for o in snapshot.continuing_options]
    return tuple(sorted(set(codes), key=order.index))


# -- what a person types in the wizard, as a URL would carry it ---------------------------------


def normalise(raw: str) -> str:
    """Full-width digits and punctuation to ASCII, thousands separators and spaces dropped."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    return text.replace(",", "").replace(" ", "")


def typed_number(raw: str) -> int | None:
    """A number as typed ("12,000", "１２０００円", "2枚") → int, or None when it is not one."""
    text = normalise(raw).removesuffix("円").removesuffix("枚")
    return int(text) if _NUMBER.fullmatch(text) else None


def typed_number_text(raw: str) -> str:
    """A typed number as the URL carries it ("１２,０００円" → "12000"); other text normalised."""
    number = typed_number(raw)
    return normalise(raw) if number is None else str(number)


def typed_date_text(raw: str) -> str:
    """A typed date or month, slashes as hyphens ("2026/10/28" → "2026-10-28")."""
    return normalise(raw).replace("/", "-")


def typed_codes(raw: str) -> str:
    """Ticked checkboxes, already codes: only the surrounding space goes."""
    return raw.strip()
