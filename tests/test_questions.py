"""One declaration per question: the wizard, the parser, the check page and the way back agree."""

import dataclasses
import html as html_lib
import re

import pytest

from kaiyaku import flow
from kaiyaku.answers import Answers, parse_answers
from kaiyaku.questions import BY_ID, CONTRACT_QUESTIONS, QUESTIONS
from tests.answer_sets import (
    JOURNEYS,
    WIZARD_ABROAD,
    WIZARD_EARLY_CONTRACT,
    WIZARD_EXTRAS,
    WIZARD_INSTALMENTS,
    WIZARD_MNP,
    varied_queries,
)

WIZARD_SETS = (WIZARD_ABROAD, WIZARD_MNP, WIZARD_INSTALMENTS, WIZARD_EARLY_CONTRACT, WIZARD_EXTRAS)


def _above(question, answers):
    position = [q.id for q in QUESTIONS].index
    return {k: v for k, v in answers.items() if position(k) < position(question.id)}


def _heading(page):
    return re.search(r"<h1>(?:<label[^>]*>)?(.*?)(?:</label>)?</h1>", page, re.S).group(1)


def _field_errors(page):
    found = re.findall(r'<p class="error-message" id="\w+-error">.*?</span>(.*?)</p>', page)
    return [html_lib.unescape(message) for message in found]


@pytest.fixture
def get(client, seeded, wizard_today):
    def run(path, query):
        response = client.get(path, query)
        response.page = response.content.decode()
        return response

    return run


def test_the_answers_object_has_one_field_for_each_contract_question():
    assert {f.name for f in dataclasses.fields(Answers)} == {q.id for q in CONTRACT_QUESTIONS}
    assert not BY_ID["extras"].contract  # the wizard's own question: not in a result's URL
    for field in dataclasses.fields(Answers):
        if field.default is not dataclasses.MISSING:
            assert field.default == BY_ID[field.name].default, field.name


# A question answered by a box of `extras` (`leaving`) is the box: it has no step page.
@pytest.mark.parametrize("question", [q for q in QUESTIONS if not q.box], ids=lambda q: q.id)
def test_every_declared_question_has_its_step_page_with_its_own_wording(get, snapshot, question):
    answers = next(a for a in WIZARD_SETS if question in flow.asked(a, snapshot))
    above = _above(question, answers)
    response = get(f"/q/{question.id}/", above)
    assert response.status_code == 200
    assert _heading(response.page).strip() == question.title_for(above)
    assert str(question.hint_for(above)) in html_lib.unescape(response.page)


@pytest.mark.parametrize(
    "answers", WIZARD_SETS, ids=["abroad", "port out", "instalments", "early", "extras"]
)
def test_the_check_page_shows_each_answer_under_its_declared_label(get, snapshot, answers):
    response = get("/check/", answers)
    assert response.status_code == 200
    rows = re.findall(
        r'id="row-(\w+)">\s*<dt>(.*?)</dt>\s*<dd class="value">(.*?)(?:<span|</dd>)', response.page
    )
    assert [row_id for row_id, _, _ in rows] == [q.id for q in flow.asked(answers, snapshot)]
    for row_id, label, value in rows:
        question = BY_ID[row_id]
        assert html_lib.unescape(label) == question.label
        assert html_lib.unescape(value) == question.shown_as(answers[row_id], snapshot)


@pytest.mark.parametrize(
    ("name", "bad", "answers"),
    [
        ("lines", "11", WIZARD_ABROAD),
        ("sim_lost", "3", WIZARD_EXTRAS),  # more lost cards than lines (2)
        ("plan", "giga-99gb", WIZARD_ABROAD),
        ("date", "2018-12-31", WIZARD_ABROAD),
        ("time", "24:00", WIZARD_ABROAD),
        ("tz", "Mars/Olympus", WIZARD_ABROAD),
        ("device_left", "-5", WIZARD_INSTALMENTS),
        ("device_monthly", "20000", WIZARD_INSTALMENTS),  # more than what is left (R5.4)
        ("hikari", "tower", WIZARD_EXTRAS),
        ("options", "nope", WIZARD_EXTRAS),
        ("staying", "9", WIZARD_EXTRAS),  # with 2 leaving, more than a share plan holds (R9.3)
        ("holder", "robot", WIZARD_ABROAD),
        ("dest", "vodafone", WIZARD_MNP),
    ],
)
def test_a_bad_answer_gets_the_same_message_in_the_wizard_and_in_the_json(get, name, bad, answers):
    question = BY_ID[name]
    wizard = get(f"/q/{name}/", {**_above(question, answers), name: bad, "go": "1"})
    assert wizard.status_code == 200
    query = flow.planner_query({**answers, name: bad})
    json = get("/result.json", query)
    assert json.status_code == 400
    assert _field_errors(wizard.page) == json.json()["errors"][name]


@pytest.mark.parametrize(
    "question", [q for q in CONTRACT_QUESTIONS if q.default is not None], ids=lambda q: q.id
)
def test_a_default_as_the_wizard_writes_it_reads_back_as_the_declared_default(
    snapshot, wizard_today, question
):
    query = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-20"}
    answers, errors = parse_answers({**query, question.id: question.wizard_default}, snapshot)
    assert errors == {}
    assert getattr(answers, question.id) == question.default


def test_a_result_goes_back_to_a_complete_wizard_with_the_same_answers(snapshot, time_machine):
    # The "change answers" link of a result: answers → wizard query → parsed again is the identity.
    time_machine.move_to("2026-11-25T12:00:00+09:00", tick=False)
    for query in [*JOURNEYS.values(), *varied_queries(300)]:
        answers, errors = parse_answers(query, snapshot)
        assert errors == {}, query
        wizard = answers.wizard_query(snapshot)
        assert flow.next_question(wizard, snapshot) is None, query
        assert flow.prune(wizard, snapshot) == wizard
        assert wizard["tz"] == answers.tz
        again, errors = parse_answers(flow.planner_query(wizard), snapshot)
        assert errors == {}, query
        # Every answer the wizard asks comes back; one it does not ask (a start month no
        # minimum term can reach, R5.1) is left behind, as it changes nothing.
        asked = {q.id for q in flow.asked(wizard, snapshot)}
        kept = {k: v for k, v in answers.to_query().items() if k in asked or k == "goal"}
        assert again.to_query() == kept, query


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("lines", "٢"),  # ARABIC-INDIC DIGIT TWO: a decimal digit, but not an ASCII one
        ("lines", "１"),  # full-width: the wizard turns typed ones into ASCII, a URL must not
        ("sim_lost", "፩"),  # ETHIOPIC DIGIT ONE: str.isdigit() says yes, int() refuses it
        ("device_left", "1" * 40),  # too long to be an amount
        ("device_left", "9" * 5000),  # int() refuses more than 4,300 digits
        ("time", "٠٩:٠٠"),
        ("date", "٢٠٢٦-١٠-٢٠"),
        ("started", "٢٠١٩-٠٤"),
    ],
)
def test_numbers_in_a_link_are_ascii_digits_of_bounded_length(get, name, value):
    query = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-27"}
    response = get("/result.json", {**query, name: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


@pytest.mark.parametrize("typed", ["፩", "9" * 5000, "٢٠٠٠"])
def test_a_number_the_wizard_cannot_read_is_an_error_on_its_step_not_a_crash(get, typed):
    question = BY_ID["device_left"]
    step = get(
        "/q/device_left/", {**_above(question, WIZARD_ABROAD), "device_left": typed, "go": "1"}
    )
    assert step.status_code == 200
    assert _field_errors(step.page) == [
        "金額は0以上の整数(円)で、カンマを付けずに入力してください。"
    ]
    # An unreadable balance in a shared wizard link asks no instalment questions.
    later = get("/q/device_payoff/", {**WIZARD_ABROAD, "device_left": typed})
    assert later.status_code == 302
