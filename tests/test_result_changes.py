"""A shared result made before a figure changed names what changed, old → new (issue 9)."""

import datetime
import html as html_lib
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from kaiyaku.models import DATA_MODELS, Plan, PostageMethod

CANCEL = {
    "goal": "cancel",
    "service": "voice",
    "sim": "physical",
    "plan": "giga-5gb",
    "date": "2026-12-10",
}


@pytest.fixture
def after_seeding(seeded, time_machine):
    """Time frozen just after the seed ran: edits come later than it, as they do in real life."""
    latest = max(model.history.latest("history_date").history_date for model in DATA_MODELS)
    time_machine.move_to(latest + datetime.timedelta(minutes=1), tick=False)


def shared_link(client):
    response = client.get("/result/", CANCEL)
    assert response.status_code == 302
    return response["Location"]


def notice(html):
    found = re.search(
        r'<div class="notice" role="status" id="figure-changes">(.*?)</div>', html, re.S
    )
    return (
        " ".join(re.sub(r"<[^>]+>", " ", html_lib.unescape(found.group(1))).split())
        if found
        else None
    )


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_a_link_made_before_two_figures_changed_lists_both_old_to_new(
    client, after_seeding, headers
):
    link = shared_link(client)
    assert notice(client.get(link).content.decode()) is None  # nothing changed yet
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = Decimal("950")
    plan.save()
    postage = PostageMethod.objects.get(code="kani-kakitome", valid_from=datetime.date(2024, 10, 1))
    postage.price = Decimal("470")
    postage.save()

    html = client.get(link, headers=headers).content.decode()

    said = notice(html)
    assert "月額料金(ギガプラン 5GB): 990円(税込) → 950円(税込)" in said
    assert "SIMカードの返送料(簡易書留): 460円(税込) → 470円(税込)" in said
    fresh = html_lib.unescape(re.search(r'href="(/result/\?[^"]+)" data-hx-get', html).group(1))
    assert notice(client.get(fresh).content.decode()) is None


def test_a_link_made_two_versions_ago_compares_with_the_version_it_was_made_on(
    client, after_seeding, time_machine
):
    link = shared_link(client)
    plan = Plan.objects.get(code="giga-5gb")
    for price in ("950", "900"):
        time_machine.shift(datetime.timedelta(minutes=1))
        plan.monthly_price = Decimal(price)
        plan.save()

    said = notice(client.get(link).content.decode())

    assert "990円(税込) → 900円(税込)" in said


def test_a_figures_value_matching_no_version_says_nothing(client, after_seeding):
    link = shared_link(client)
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = Decimal("950")
    plan.save()
    made_up = re.sub(r"fig=[0-9a-f]+", "fig=0123456789ab", link)

    html = client.get(made_up).content.decode()

    assert notice(html) is None
    assert "950円" in html  # today's figures, without a word about changes


def test_the_canonical_link_of_today_says_nothing(client, after_seeding):
    html = client.get("/result/?" + urlencode(CANCEL), follow=True).content.decode()
    assert notice(html) is None
