"""The English edition of the result's words and of the help pages (issue 11).

Every words template (templates/words/) and every help page, rendered in English, shows Japanese
only where a person needs it: a term in brackets, as they will meet it on IIJmio's pages or at a
counter ("member page (会員専用ページ)"), and the postal return address, ready to copy. Values
editors keep (menu paths, hours, plan names) come from the data and are left out here.
"""

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from kaiyaku.answers import parse_answers
from kaiyaku.help import HELP_PAGES
from kaiyaku.planner import plan
from kaiyaku.planner.calendar import JST
from kaiyaku.result.words import say, word
from kaiyaku.zones import COMMON_ZONES
from tests.answer_sets import ESIM_PORT_OUT, JOURNEYS, LATE_CANCEL, varied_queries
from tests.conftest import page_text

WORDS = Path(__file__).resolve().parent.parent / "templates" / "words"
HELP = Path(__file__).resolve().parent.parent / "templates" / "help"
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=JST)
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+")
# A bracketed term: one word, alone in brackets or after a comma in them: "(MNP転出)",
# "(MNP one-stop, MNPワンストップ)", "(mio割, ¥660 a month)".
BRACKETED_TERM = re.compile(r"(?:(?<=\()|(?<=, ))[^\s(),]+(?=[),])")
TAGS = re.compile(
    r'{% *blocktranslate.*?{% *endblocktranslate *%}|{% *translate ".*?"[^%]*%}|{#.*?#}', re.S
)
# Beyond the planner's crowd: a start month inside an old minimum term (R5.1), a share plan
# whose other line stays (R9.3), a port-out with no destination chosen yet (R4.3).
SPECIAL = [
    {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2019-09-20"}
    | {"started": "2019-08"},
    {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-10"}
    | {"plan": "giga-5gb", "lines": "2", "staying": "1", "hikari": "mansion"},
    {
        "goal": "mnp",
        "service": "voice",
        "sim": "physical",
        "date": "2026-12-20",
        "dest": "undecided",
    },
    # Still in Japan, about to leave (issue 11): the card goes back before departure.
    {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-10"}
    | {"leaving": "1"},
]
QUERIES = [*JOURNEYS.values(), LATE_CANCEL, ESIM_PORT_OUT, *SPECIAL, *varied_queries(300)]


def _data_texts(snapshot):
    """Every text editors keep (longest first, so a longer one goes before its parts)."""
    texts = {str(name) for _, name in COMMON_ZONES}
    for field in dataclasses.fields(snapshot):
        value = getattr(snapshot, field.name)
        records = value if isinstance(value, tuple | list) else [value]
        for record in records:
            if dataclasses.is_dataclass(record):
                texts |= {
                    v
                    for v in (getattr(record, f.name) for f in dataclasses.fields(record))
                    if isinstance(v, str) and JAPANESE.search(v)
                }
    return sorted(texts, key=len, reverse=True)


def _japanese_left(text, data):
    """The Japanese of `text` a reader of the English edition would not expect."""
    for value in data:
        text = text.replace(value, "")
    text = BRACKETED_TERM.sub("", text)
    return JAPANESE.findall(text)


def _rendered_in_english(snapshot):
    """{words template: [its texts]} for the crowd of answer sets, in English."""
    out = {}
    with translation.override("en"):
        for query in QUERIES:
            answers, errors = parse_answers(query, snapshot)
            assert not errors, (query, errors)
            result = plan(answers, snapshot, NOW)
            worded = word(result, snapshot.source)
            for raw, said in zip(result.warnings, worded.warnings, strict=True):
                out.setdefault(f"warning/{raw.code}", []).append(said["text"])
            for raw, said in zip(result.tips, worded.tips, strict=True):
                out.setdefault(f"tip/{raw.code}", []).append(said)
            if result.saving_tip:
                out.setdefault(f"saving/{result.saving_tip.code}", []).append(worded.saving_tip)
            for raw, said in zip(result.items, worded.items, strict=True):
                out.setdefault(f"cost/{raw.words}", []).extend([said["label"], said["detail"]])
            for step in worded.checklist:
                out.setdefault(f"step/{step['code']}", []).extend([step["title"], step["text"]])
                for detail in step["details"]:
                    texts = [detail["label"], detail["value"]]
                    if detail["code"] == "return_address":
                        texts = [detail["label"]]  # the postal address, ready to copy
                    out.setdefault(f"detail/{detail['code']}", []).extend(texts)
            for raw, said in zip(result.timeline, worded.timeline, strict=True):
                out.setdefault(f"timeline/{raw.code}", []).extend([said["when"], said["label"]])
            out.setdefault("phase", []).extend(title for title, _ in worded.phases())
        source = snapshot.source
        out["maintenance"] = [
            say("maintenance", part, source=source) for part in ("weekly", "nightly")
        ]
        # A figure with no record in force (main's "missing" words): not in the seeded data.
        figures = ("plan", "share_sims", "staying_lines", "mnp_fee", "sim_damage")
        figures += ("sim_damage_risk", "postage", "hikari_discount_end")
        out["cost/missing"] = [
            *(say("cost/missing", "label", figure=f, staying=2, carrier=source) for f in figures),
            say("cost/missing", "detail", on=NOW.date()),
            say("cost/missing", "note", on=NOW.date()),
        ]
        out["detail/missing"] = [
            say("detail/missing", "label", figure="return_address"),
            say("detail/missing", "label", figure="postage"),
            say("detail/missing", "value", on=NOW.date()),
        ]
        out["calendar"] = [
            say("calendar", "name", carrier=source),
            say("calendar", "reminder", title="Return the SIM card"),
            say("calendar", "deadline_summary", carrier=source, title="Cancel", at=NOW),
        ]
    return out


@pytest.fixture(scope="module")
def english(snapshot):
    return _rendered_in_english(snapshot)


def test_every_words_template_is_rendered_by_the_crowd(english):
    templates = {str(p.relative_to(WORDS))[: -len(".txt")] for p in WORDS.rglob("*.txt")}
    assert templates - set(english) == set()


def test_the_words_in_english_have_japanese_only_in_bracketed_terms(english, snapshot):
    data = _data_texts(snapshot)
    leftovers = {
        name: text
        for name, texts in english.items()
        for text in texts
        if _japanese_left(text, data)
    }
    assert leftovers == {}


def test_a_bracketed_term_is_the_one_a_person_meets_in_japan(english):
    # "MNP reservation number (MNP予約番号)": the English first, the Japanese term beside it.
    number = english["step/get_mnp_number"]
    assert any("MNP reservation number (MNP予約番号)" in text for text in number)
    assert any("member page (会員専用ページ)" in text for text in english["step/apply_cancel"])


@pytest.mark.parametrize(
    ("path", "params", "one", "two"),
    [
        ("step/return_sim", {}, "the 1 used SIM card by", "the 2 used SIM cards by"),
        ("cost/min_term_fee", {"each": 3000}, "× 1 line", "× 2 lines"),
        ("cost/device_monthly", {"left": 4000}, "1 more payment (", "2 more payments ("),
    ],
)
def test_counted_things_take_the_english_plural_and_japanese_stays_as_it_was(
    path, params, one, two
):
    part = "text" if path.startswith("step/") else "detail"
    count = {"step/return_sim": "cards", "cost/min_term_fee": "lines"}.get(path, "payments")
    with translation.override("en"):
        assert one in say(path, part, **params, **{count: 1})
        assert two in say(path, part, **params, **{count: 2})
    with translation.override("ja"):  # Japanese counts without a plural: the same words
        ja_one = say(path, part, **params, **{count: 1})
        ja_two = say(path, part, **params, **{count: 2})
        assert ja_one.replace("1", "N") == ja_two.replace("2", "N")


def test_no_japanese_is_written_outside_a_translate_tag():
    # The postal address is the one exception: it is copied onto an envelope as it is.
    outside = {
        str(path): JAPANESE.findall(TAGS.sub("", path.read_text()))
        for path in [*WORDS.rglob("*.txt"), *HELP.rglob("*.html")]
        if path.name != "return_address.txt"
    }
    assert {name: found for name, found in outside.items() if found} == {}
    address = (WORDS / "detail" / "return_address.txt").read_text()
    assert JAPANESE.findall(TAGS.sub("", address)) == ["〒"]


@pytest.mark.parametrize("slug", [None, *HELP_PAGES])
@pytest.mark.parametrize("htmx", [False, True])
def test_every_help_page_reads_in_english(client, seeded, snapshot, slug, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    with translation.override("en"):  # the English address, where the site has one
        url = reverse("help", args=[slug]) if slug else reverse("help-index")
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    # The <title> of an htmx swap repeats the h1 beside the site's name (the pages' part).
    html = re.sub(r"<title>.*?</title>", "", response.content.decode(), flags=re.S)
    # Japanese on purpose, marked so: the link to the Japanese edition.
    html = re.sub(r'<(\w+)[^>]*\blang="ja"[^>]*>.*?</\1>', " ", html, flags=re.S)
    text = page_text(html)
    assert _japanese_left(text, _data_texts(snapshot)) == []
    assert "Still stuck?" in text or slug is None


def test_the_english_result_abroad_says_the_three_things_of_leaving_japan(snapshot):
    # Issue 11, R2.1/R2.2/R3.5/R7.1: the number a bank sends codes to, the card after leaving,
    # the card's way back from abroad.
    answers, _ = parse_answers({**JOURNEYS["abroad"], "plan": "giga-5gb"}, snapshot)
    with translation.override("en"):
        worded = word(plan(answers, snapshot, NOW), snapshot.source)
    steps = {step["code"]: step for step in worded.checklist}
    assert "port it out to another carrier (MNP転出)" in steps["codes_to_number"]["text"]
    assert "after you have left Japan" in steps["keep_card_valid"]["text"]
    back = steps["return_sim_from_abroad"]
    assert "international mail" in back["text"]
    assert any("add JAPAN as the last line" in d["value"] for d in back["details"])


@pytest.mark.parametrize(
    ("language", "priced", "first", "last", "months", "expected"),
    [
        ("ja", True, (2026, 10), (2026, 10), 1, "2026年10月の1か月分が満額かかります。"),
        ("ja", False, (2026, 10), (2026, 10), 1, "2026年10月の1か月分が満額かかります。"),
        ("ja", True, (2026, 10), (2026, 11), 2, "2026年10月から2026年11月までの2か月分"),
        ("en", True, (2026, 10), (2026, 10), 1, "The full month of Oct 2026 is charged."),
        ("en", False, (2026, 10), (2026, 10), 1, "The full month of Oct 2026 is charged."),
        ("en", True, (2026, 10), (2026, 11), 2, "2 full months are charged, Oct 2026 to Nov 2026."),
    ],
)
def test_a_months_charge_names_a_single_month_once(language, priced, first, last, months, expected):
    # R3.2: without a plan the months billed in full are stated; one month is not "Oct to Oct".
    with translation.override(language):
        text = say(
            "warning/plan_not_included",
            first_month=datetime.date(*first, 1),
            effective_month=datetime.date(*last, 1),
            months=months,
            priced=priced,
        )
    assert expected in text
