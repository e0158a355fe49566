"""The planner's facts in words: one template per code (templates/words/), for the result page,
the JSON and the calendar file alike, so each sentence is written once and every number in it is
one of the fact's parameters.

`word(result, carrier)` gives a `WordedResult`: the same facts with their texts, in the shape the
JSON of contract.md has (dicts of plain values), which the page's templates read too.
"""

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.template import Context, engines
from django.utils.translation import get_language

from ..planner import Result
from ..planner.result import PHASES
from ..templatetags.kaiyaku import jdatetime, tel_href


def say(path: str, part: str | None = None, **context: Any) -> str:
    """The words of one message: `path` is kind/code (e.g. "warning/maintenance"), `part` a
    partial of its template ("title", "text", "label" …) or None for the whole template.

    Facts are plain frozen values, so the same message with the same values is the same words:
    a crowd's results share most of their sentences, and each is rendered once per language.
    """
    return Speaker(get_language(), NOTHING_COMMON).say(path, part, **context)


@dataclass(frozen=True)
class Common:
    """Values every message may use (the carrier people leave), known in the words already said
    by a digest of them: hashing and comparing a carrier field by field on every message cost
    more than the rest of the look-up."""

    digest: str
    values: dict[str, Any] = field(compare=False)

    @classmethod
    def of(cls, **values: Any) -> "Common":
        return cls(hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest(), values)


NOTHING_COMMON = Common.of()


@dataclass(frozen=True)
class Speaker:
    """Words in one language with the values every message may use."""

    language: str
    common: Common

    def say(self, path: str, part: str | None = None, **context: Any) -> str:
        return self.parts(path, (part,), **context)[0]

    def parts(self, path: str, parts: tuple[str | None, ...], **context: Any) -> tuple[str, ...]:
        """Several partials of one message with the same values (a step's title and text): one
        look-up in the words already said, and on a miss one template context for them all."""
        return _render(path, parts, self.language, self.common, tuple(sorted(context.items())))


# Room for the words most results share (seeded data: about 8 in 10 of a result's messages are
# another's too); a result's own dates are said again only while it is among the recent ones.
@functools.lru_cache(maxsize=2048)
def _render(path, parts, language, common, context):
    autoescape = engines["words"].engine.autoescape
    bound = Context({**common.values, **dict(context)}, autoescape=autoescape)
    names = (f"{path}.txt#{part}" if part else f"{path}.txt" for part in parts)
    return tuple(_template(name).render(bound).strip() for name in names)


@functools.lru_cache(maxsize=512)
def _template(name):
    """A words template or partial, compiled (fixed while the process runs): the engine's own
    look-up cost a tenth of saying a new message."""
    return engines["words"].get_template(name).template


@dataclass(frozen=True)
class WordedResult:
    result: Result
    items: list[dict[str, Any]]
    checklist: list[dict[str, Any]]
    warnings: list[dict[str, str]]
    tips: list[str]
    saving_tip: str | None
    timeline: list[dict[str, str]]

    def items_of(self, kind: str) -> list[dict[str, Any]]:
        return [i for i in self.items if i["kind"] == kind]

    def phases(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The checklist by phase, in PHASES order, each with its heading."""
        return [
            (say("phase", phase), [c for c in self.checklist if c["phase"] == phase])
            for phase in PHASES
        ]


def word(result: Result, carrier) -> WordedResult:
    """Every fact of `result` in words; `carrier` is the carrier people leave (snapshot.source)."""
    speaker = Speaker(get_language(), Common.of(carrier=carrier))
    say = speaker.say
    zone = result.answers.zone if result.answers.abroad else None
    saving = result.saving_tip
    return WordedResult(
        result=result,
        items=[_item(item, speaker) for item in result.items],
        checklist=[_step(step, speaker) for step in result.checklist],
        warnings=[
            {"code": w.code, "text": say(f"warning/{w.code}", **w.params)} for w in result.warnings
        ],
        tips=[say(f"tip/{t.code}", **t.params) for t in result.tips],
        saving_tip=say(f"saving/{saving.code}", **saving.params) if saving else None,
        timeline=[_entry(entry, zone, speaker) for entry in result.timeline],
    )


def _item(item, speaker):
    provenance = item.provenance
    label, detail = speaker.parts(f"cost/{item.words}", ("label", "detail"), **item.params)
    out = {
        "code": item.code,
        "label": label,
        "amount_yen": item.amount_yen,
        "kind": item.kind,
        "tax_class": item.tax_class,
        "detail": detail,
        "disputed": item.disputed,
        "source": provenance.source if provenance else "",
        "verified_on": provenance.as_of if provenance else None,  # each figure's own "as of"
    }
    if item.missing:  # no figure for the day: 未登録, not 0 yen
        out["amount_yen"] = None
        out["missing"] = True
        out["note"] = say("cost/missing", "note", **item.params)
    elif item.disputed:
        out["note"] = provenance.note
    return out


def _step(step, speaker):
    title, text = speaker.parts(f"step/{step.code}", ("title", "text"), **step.params)
    return {
        "code": step.code,
        "phase": step.phase,
        "title": title,
        "text": text,
        "due": step.due,
        "details": [_detail(d, speaker) for d in step.details],
        "help": step.help,
    }


def _detail(detail, speaker):
    label, value = speaker.parts(f"detail/{detail.code}", ("label", "value"), **detail.params)
    out = {"code": detail.code, "label": label, "value": value}
    if detail.code == "phone":
        out["href"] = f"tel:{tel_href(detail.params['phone'])}"
    return out


def _entry(entry, zone, speaker):
    path = f"timeline/{entry.code}"
    when, label = speaker.parts(path, ("when", "what"), at=entry.at, **entry.params)
    return {
        "when": when,
        "label": label,
        "local": jdatetime(entry.at.astimezone(zone)) if zone and entry.show_local else "",
    }
