"""The planner's facts in words: one template per code (templates/words/), for the result page,
the JSON and the calendar file alike, so each sentence is written once and every number in it is
one of the fact's parameters.

`word(result, carrier)` gives a `WordedResult`: the same facts with their texts, in the shape the
JSON of contract.md has (dicts of plain values), which the page's templates read too.
"""

import functools
from dataclasses import dataclass
from typing import Any

from django.template import engines
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
    return Speaker(get_language(), {}).say(path, part, **context)


@dataclass(frozen=True)
class Speaker:
    """Words in one language with the values every message may use (the carrier's name)."""

    language: str
    common: dict[str, Any]

    def say(self, path: str, part: str | None = None, **context: Any) -> str:
        name = f"{path}.txt#{part}" if part else f"{path}.txt"
        return _render(name, self.language, tuple(sorted({**self.common, **context}.items())))


@functools.lru_cache(maxsize=8192)
def _render(name, language, context):
    return engines["words"].get_template(name).render(dict(context)).strip()


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
    speaker = Speaker(get_language(), {"carrier": carrier})
    say = speaker.say
    zone = result.answers.zone if result.answers.abroad else None
    saving = result.saving_tip
    return WordedResult(
        result=result,
        items=[_item(item, say) for item in result.items],
        checklist=[_step(step, say) for step in result.checklist],
        warnings=[
            {"code": w.code, "text": say(f"warning/{w.code}", **w.params)} for w in result.warnings
        ],
        tips=[say(f"tip/{t.code}", **t.params) for t in result.tips],
        saving_tip=say(f"saving/{saving.code}", **saving.params) if saving else None,
        timeline=[_entry(entry, zone, say) for entry in result.timeline],
    )


def _item(item, say):
    provenance = item.provenance
    out = {
        "code": item.code,
        "label": say(f"cost/{item.words}", "label", **item.params),
        "amount_yen": item.amount_yen,
        "kind": item.kind,
        "tax_class": item.tax_class,
        "detail": say(f"cost/{item.words}", "detail", **item.params),
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


def _step(step, say):
    return {
        "code": step.code,
        "phase": step.phase,
        "title": say(f"step/{step.code}", "title", **step.params),
        "text": say(f"step/{step.code}", "text", **step.params),
        "due": step.due,
        "details": [_detail(d, say) for d in step.details],
        "help": step.help,
    }


def _detail(detail, say):
    out = {
        "code": detail.code,
        "label": say(f"detail/{detail.code}", "label", **detail.params),
        "value": say(f"detail/{detail.code}", "value", **detail.params),
    }
    if detail.code == "phone":
        out["href"] = f"tel:{tel_href(detail.params['phone'])}"
    return out


def _entry(entry, zone, say):
    return {
        "when": say(f"timeline/{entry.code}", "when", at=entry.at, **entry.params),
        "label": say(f"timeline/{entry.code}", "what", at=entry.at, **entry.params),
        "local": jdatetime(entry.at.astimezone(zone)) if zone and entry.show_local else "",
    }
