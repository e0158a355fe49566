"""/result.json and /result.ics: the contract's schema, 400 for bad answers, 304 when unchanged."""

import datetime

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.usefixtures("seeded", "planner_today")

CANCEL = "goal=cancel&service=voice&sim=physical&date=2026-10-10&plan=giga-5gb&lines=2"
MNP = "goal=mnp&service=voice&sim=physical&date=2026-10-31&dest=au"


def test_the_json_follows_the_contract(client):
    response = client.get(f"/result.json?{CANCEL}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"answers", "data_as_of", "effective_month", "dates", "costs"}
    assert set(body) >= {"checklist", "warnings"}
    assert body["effective_month"] == "2026-10"
    assert body["dates"]["apply_by"] == "2026-10-28"
    assert body["dates"]["service_end"] == "2026-10-31T23:59+09:00"
    assert body["dates"]["mnp_number_from"] is None
    items = body["costs"]["items"]
    assert {"code", "label", "amount_yen", "kind"} <= set(items[0])
    charges = sum(i["amount_yen"] for i in items if i["kind"] == "charge")
    assert body["costs"]["charges_total_yen"] == charges == 990 + 440
    assert body["answers"]["lines"] == 2 and body["answers"]["tz"] == "Asia/Tokyo"
    datetime.date.fromisoformat(body["data_as_of"])
    disputed = [i for i in items if i["disputed"]]
    assert disputed and all(i["note"] for i in disputed)
    assert {c["phase"] for c in body["checklist"]} <= {"before", "during", "after"}


def test_the_json_for_mnp_has_the_number_window(client):
    body = client.get(f"/result.json?{MNP}").json()
    assert body["dates"]["mnp_number_from"] == "2026-10-21"
    assert body["dates"]["mnp_number_to"] == "2026-10-26"
    assert body["dates"]["mnp_number_expires"] == "2026-11-09"


@pytest.mark.parametrize("path", ["/result.json", "/result.ics"])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("goal=mnp&service=data&sim=esim&date=2026-10-10", "goal"),
        ("goal=cancel&service=voice&sim=physical&date=2026-02-30", "date"),
        ("goal=cancel&service=voice&sim=physical&date=2026-10-10&tz=Nowhere/City", "tz"),
        ("", "goal"),
        # contract.md: contradictory answers and answers given twice are errors too.
        ("goal=cancel&service=voice&sim=physical&date=2026-10-10&dest=au", "dest"),
        ("goal=mnp&service=voice&sim=esim&date=2026-10-10&dest=au&time=10:00", "time"),
        (
            "goal=cancel&service=voice&sim=physical&date=2026-10-10&device_monthly=500",
            "device_monthly",
        ),
        ("goal=cancel&service=voice&sim=physical&date=2026-10-10&lines=2&sim_lost=3", "sim_lost"),
        ("goal=cancel&goal=cancel&service=voice&sim=physical&date=2026-10-10", "goal"),
    ],
)
def test_bad_answers_are_400_naming_the_field_in_json(client, path, query, field):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")  # the calendar's too
    assert field in response.json()["errors"]


@pytest.mark.parametrize("path", ["/result.json", "/result.ics"])
def test_an_unchanged_result_answers_304(client, path):
    first = client.get(f"{path}?{CANCEL}")
    assert first["ETag"] and "max-age" in first["Cache-Control"]
    again = client.get(f"{path}?{CANCEL}", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    other = client.get(f"{path}?{CANCEL}&hikari=family", headers={"if-none-match": first["ETag"]})
    assert other.status_code == 200


def test_the_etag_changes_when_the_data_does(client):
    from kaiyaku.models import Plan

    first = client.get(f"/result.json?{CANCEL}")
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = 950
    plan.save()
    again = client.get(f"/result.json?{CANCEL}", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again.json()["costs"]["charges_total_yen"] == 950 + 440


def test_the_calendar_has_one_event_with_a_reminder_per_dated_step(client):
    response = client.get(f"/result.ics?{MNP}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    dated = [c for c in client.get(f"/result.json?{MNP}").json()["checklist"] if c["due"]]
    assert len(events) == len(dated)
    for event in events:
        assert event["uid"].endswith("@kaiyaku")
        assert event.get("dtstamp")
        assert "IIJmio" in str(event["summary"])
        assert len(event.walk("VALARM")) == 1
    starts = {str(e["uid"]).split("-")[0]: e.decoded("dtstart") for e in events}
    assert starts["get_mnp_number"] == datetime.date(2026, 10, 26)
    assert starts["activate_destination"] == datetime.date(2026, 10, 31)


def test_calendar_uids_are_stable_across_requests_and_query_order(client):
    def uids(query):
        cal = Calendar.from_ical(client.get(f"/result.ics?{query}").content)
        return sorted(str(e["uid"]) for e in cal.walk("VEVENT"))

    reordered = "&".join(reversed(MNP.split("&")))
    assert uids(MNP) == uids(reordered) == uids(MNP + "&utm_source=x")
    assert uids(MNP) != uids(MNP.replace("dest=au", "dest=povo"))
