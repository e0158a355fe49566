"""Result pages as caches see them: kept per data version and hour, and revalidated by ETag."""

import datetime
import gc
from decimal import Decimal

import pytest

from kaiyaku import models
from kaiyaku.planner import Result
from tests.answer_sets import LATE_CANCEL as CANCEL
from tests.answer_sets import varied_queries
from tests.conftest import HTMX


@pytest.fixture
def permalink(client, seeded, wizard_today):
    """The canonical permalink of a cancellation with the 5 GB plan (990円 a month)."""
    return client.get("/result/", CANCEL)["Location"]


def test_a_permalink_is_public_briefly_and_carries_a_strong_etag(client, permalink):
    response = client.get(permalink)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')  # strong: not W/"…"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0"} <= cache_control
    assert any(part.startswith("s-maxage=") for part in cache_control)
    # The language is the URL's: a cache in front needs no copy per browser language.
    assert {v.strip() for v in response["Vary"].split(",")} == {
        "HX-Request",
        "HX-History-Restore-Request",
    }
    assert "Cookie" not in response["Vary"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_matching_if_none_match_gets_a_304_without_the_page(client, permalink):
    etag = client.get(permalink)["ETag"]
    again = client.get(permalink, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in again["Cache-Control"]
    assert "HX-Request" in again["Vary"]
    assert client.get(permalink, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_htmx_fragment_and_the_whole_page_have_their_own_etags(client, permalink):
    whole = client.get(permalink)
    fragment = client.get(permalink, headers=HTMX)
    assert b"<html" in whole.content and b"<html" not in fragment.content
    assert whole["ETag"] != fragment["ETag"]
    revalidated = client.get(permalink, headers={**HTMX, "If-None-Match": whole["ETag"]})
    assert revalidated.status_code == 200
    assert revalidated.content == fragment.content


def test_an_editors_change_makes_a_new_etag_and_page(client, permalink):
    first = client.get(permalink)
    assert "990円" in first.content.decode()
    plan = models.Plan.objects.get(carrier__code="iijmio", code="giga-5gb")
    plan.monthly_price = Decimal("950")
    plan.save()  # as the admin saves: the data version moves
    after = client.get(permalink, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    html = after.content.decode()
    assert "950円" in html
    assert "情報が更新されました" in html  # the link was made with the old figures


def test_a_page_is_kept_until_the_data_version_moves(client, permalink):
    first = client.get(permalink).content
    # A change that bypasses the signals (as a raw SQL edit would): the kept page is served.
    models.Plan.objects.filter(code="giga-5gb").update(monthly_price=Decimal("950"))
    assert client.get(permalink).content == first
    models.DataVersion.objects.filter(pk=1).update(
        number=models.DataVersion.objects.get().number + 1
    )
    assert "950円" in client.get(permalink).content.decode()


def test_a_page_is_made_again_in_a_new_hour(client, permalink, time_machine):
    # R4.7: a warning can depend on when the result is read, so a page belongs to its hour.
    first = client.get(permalink)
    time_machine.shift(3600)
    later = client.get(permalink, headers={"If-None-Match": first["ETag"]})
    assert later.status_code == 200
    assert later["ETag"] != first["ETag"]


def test_pieces_kept_across_results_let_the_results_go(client, seeded, wizard_today):
    """A cost row or step kept for the next person is HTML only: what it was made from goes with
    its request. Else a server kept its last 2,048 people's results in memory, and its garbage
    collector walked them all again and again (issue 13: a sixth of a result's time)."""
    served = 0
    for query in varied_queries(40, seed=5, first=datetime.date(2026, 10, 20)):
        link = client.get("/result/", query)["Location"]
        served += client.get(link).status_code == 200
    assert served > 20
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, Result)] == []
