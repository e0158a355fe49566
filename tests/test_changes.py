"""/changes/ and /changes.atom: every dated change of a figure, newest first (issue 9)."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from kaiyaku.models import Fee, Plan

pytestmark = pytest.mark.usefixtures("seeded")

ATOM = "{http://www.w3.org/2005/Atom}"


def rows(html):
    """Each row of the changes table as its words."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr id=.*?</tr>", html, re.S)
    ]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_the_october_2024_postage_rise_is_listed_with_date_source_and_status(client, headers):
    response = client.get("/changes/", headers=headers)

    assert response.status_code == 200
    html = response.content.decode()
    assert ("<html" in html) is not bool(headers)
    listed = rows(html)
    rise = next(r for r in listed if r.startswith("2024年10月1日(火) 簡易書留"))  # U1
    assert "434円(税込) → 460円(税込)" in rise
    assert "確認済み" in rise and "日本郵便" in rise
    assert any(
        "2023年10月1日(日) 簡易書留" in r and "404円(税込) → 434円(税込)" in r for r in listed
    )
    assert any("MNP転出手数料" in r and "3,000円(税抜) → 0円(税込)" in r for r in listed)  # R4.6


def test_changes_are_newest_first_and_an_editors_edit_is_among_them(client, time_machine):
    time_machine.move_to("2026-11-20T10:00:00+09:00", tick=False)
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = Decimal("950")
    plan.save()

    listed = rows(client.get("/changes/").content.decode())

    assert listed[0].startswith("2026年11月20日(金) IIJmio ギガプラン 5GB")
    assert "990円(税込) → 950円(税込)" in listed[0]
    assert "要確認" in listed[0]  # U2: still disputed, with its note
    days = [re.match(r"(\d+)年(\d+)月(\d+)日", r).groups() for r in listed]
    as_dates = [datetime.date(*map(int, d)) for d in days]
    assert as_dates == sorted(as_dates, reverse=True)


def test_a_disputed_figure_shows_its_note(client, time_machine):
    time_machine.move_to("2026-11-21T10:00:00+09:00", tick=False)
    fee = Fee.objects.get(code="hikari_early_exit")
    fee.amount = Decimal("5000")
    fee.save()

    first = rows(client.get("/changes/").content.decode())[0]

    assert "3,000円(不課税) → 5,000円(不課税)" in first
    assert "要確認" in first and "別紙9" in fee.source and "5,000円" in first


def test_the_feed_is_atom_with_the_same_changes_newest_first(client, time_machine):
    time_machine.move_to("2026-11-20T10:00:00+09:00", tick=False)
    plan = Plan.objects.get(code="giga-10gb")
    plan.monthly_price = Decimal("1400")
    plan.save()

    response = client.get("/changes.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):  # RFC 4287 § 4.1.1
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for required in ("id", "title", "updated", "published", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    published = [e.find(f"{ATOM}published").text[:10] for e in entries]
    assert published == sorted(published, reverse=True)
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "IIJmio ギガプラン 10GB 月額料金: 1,500円(税込) → 1,400円(税込)"
    assert "簡易書留 料金(税込): 434円(税込) → 460円(税込)" in titles
