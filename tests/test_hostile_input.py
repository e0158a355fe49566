"""Typed numbers reach int() only as ASCII digits of a sane length (issue 12, item 3).

str.isdigit() is true for digits int() cannot read (U+1369 ETHIOPIC DIGIT ONE, superscripts,
circled numbers…), and int() refuses strings of more than 4,300 digits: either way a page used to
answer 500. Now such a value is an answer the form refuses, or a number the wizard does not take.
"""

import sys
import unicodedata

import pytest

from kaiyaku import parsing

# Every code point int() refuses though str.isdigit() accepts it, even after NFKC.
ISDIGIT_NOT_INT = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if chr(c).isdigit() and not unicodedata.normalize("NFKC", chr(c)).isdecimal()
]
TOO_LONG = "9" * 4301

ABOVE_DEVICE_LEFT = {
    "service": "voice",
    "holder": "personal",
    "goal": "cancel",
    "sim": "physical",
    "lines": "1",
    "plan": "",
    "date": "2026-10-27",
    "tz": "Asia/Tokyo",
    "time": "",
    "extras": "device",
}


def test_the_hostile_code_points_are_the_ones_the_issue_counted():
    assert "\u1369" in ISDIGIT_NOT_INT
    assert len(ISDIGIT_NOT_INT) >= 69


@pytest.mark.parametrize("raw", ["\u1369", "12\u1369", TOO_LONG, "٣"])
def test_typed_numbers_are_ascii_digits_of_sane_length(raw):
    assert parsing.typed_number(raw) is None


@pytest.mark.parametrize(
    ("raw", "value"), [("12,000", 12000), ("１２０００円", 12000), ("2枚", 2), ("0", 0), ("②", 2)]
)
def test_typed_numbers_still_read_what_people_type(raw, value):
    assert parsing.typed_number(raw) == value


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ISDIGIT_NOT_INT)
def test_no_digit_int_cannot_read_breaks_a_step_or_check(client, seeded, wizard_today, raw):
    step = client.get("/q/device_left/", {**ABOVE_DEVICE_LEFT, "device_left": raw, "go": "1"})
    check = client.get("/check/", {**ABOVE_DEVICE_LEFT, "device_left": raw})

    # The question again with its error, or (for "9," and the like after NFKC) the next step.
    assert step.status_code in (200, 302)
    assert check.status_code in (200, 302)


@pytest.mark.django_db
def test_the_ethiopic_digit_one_is_an_answer_the_step_refuses(client, seeded, wizard_today):
    response = client.get("/q/device_left/", {**ABOVE_DEVICE_LEFT, "device_left": "\u1369"})
    step = client.get("/q/device_left/", {**ABOVE_DEVICE_LEFT, "device_left": "\u1369", "go": "1"})

    assert response.status_code == 200
    assert step.status_code == 200
    assert "エラー" in step.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["device_left", "sim_lost", "lines", "device_monthly"])
def test_a_number_of_4301_digits_is_refused_not_a_crash(client, seeded, wizard_today, name):
    for path in (f"/q/{name}/", "/check/", "/result/", "/result.json", "/result.ics"):
        response = client.get(path, {**ABOVE_DEVICE_LEFT, name: TOO_LONG, "go": "1"})
        assert response.status_code < 500, path
