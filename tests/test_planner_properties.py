"""Properties that hold for any valid answers.

The planner's own: amounts are whole yen, never negative; dates come in order (R3.1, R3.3, R4.3,
R4.4); a port-out always shows its fee (R4.6). And the pages' (contract.md, permalinks): a
result's canonical link shows the same result, its figures hash does not depend on the order of
the query, and going back to change nothing gives the same result again. Those are read through
the pages, as a person or a link checker meets them, not through the planner's internals.
"""

import datetime
import random
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaiyaku.answers import parse_answers
from kaiyaku.parsing import MAX_INSTALMENTS
from kaiyaku.planner import plan
from tests.answer_sets import DESTS, JOURNEYS, OPTIONS, PLANS, ZONES, varied_queries
from tests.conftest import HTMX, link, page_text


@st.composite
def valid_queries(draw):
    goal = draw(st.sampled_from(["cancel", "mnp"]))
    service = "voice" if goal == "mnp" else draw(st.sampled_from(["voice", "sms", "data"]))
    sim = draw(st.sampled_from(["physical", "esim"]))
    lines = draw(st.integers(1, 10))
    day = draw(st.dates(datetime.date(2019, 1, 1), datetime.date(2028, 6, 1)))
    query = {
        "goal": goal,
        "service": service,
        "sim": sim,
        "date": day.isoformat(),
        "tz": draw(st.sampled_from(ZONES)),
        "lines": str(lines),
        "sim_lost": str(0 if sim == "esim" else draw(st.integers(0, lines))),
        "hikari": draw(st.sampled_from(["none", "mansion", "family"])),
        "holder": draw(st.sampled_from(["personal", "corporate", "minor"])),
        "options": ",".join(draw(st.lists(st.sampled_from(OPTIONS), max_size=3))),
    }
    if draw(st.booleans()):
        query["plan"] = draw(st.sampled_from(PLANS))
    if draw(st.booleans()):
        started = draw(st.dates(datetime.date(2012, 1, 1), day))
        query["started"] = started.strftime("%Y-%m")
    if goal == "mnp":
        query["dest"] = draw(st.sampled_from(DESTS))
    else:  # contract.md: a time belongs to a cancellation only
        query["time"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    left = draw(st.integers(0, 200_000))
    if left:
        query["device_left"] = str(left)
        query["device_payoff"] = draw(st.sampled_from(["lump", "monthly"]))
        if query["device_payoff"] == "monthly":  # contract.md: only with a monthly payoff
            # Sanity bound of the parser: at most MAX_INSTALMENTS payments (R5.4).
            fewest = left // MAX_INSTALMENTS + 1
            query["device_monthly"] = str(draw(st.integers(fewest, left)))
    if lines < 10 and draw(st.booleans()):
        query["staying"] = str(draw(st.integers(1, 10 - lines)))  # R9.3
    return query


@settings(
    max_examples=300,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(valid_queries())
def test_any_valid_answers_give_a_consistent_result(snapshot, planner_today, query):
    answers, errors = parse_answers(query, snapshot)
    assert errors == {}
    result = plan(answers, snapshot, datetime.datetime.now(datetime.UTC))

    assert all(isinstance(i.amount_yen, int) and i.amount_yen >= 0 for i in result.items)
    dates = result.dates
    assert dates.service_end.utcoffset() == datetime.timedelta(hours=9)
    assert dates.apply_by <= dates.service_end.date()
    if answers.goal == "mnp":
        assert dates.mnp_number_from <= dates.mnp_number_to <= dates.apply_by
        assert "mnp_fee" in {i.code for i in result.items}  # R4.6: shown even when 0
    else:
        assert dates.mnp_number_from is None
    assert result.data_as_of <= snapshot.data_as_of  # a verified-on date of the data used


# -- Through the pages ---------------------------------------------------------------------------

# The people of every kind, and a varied crowd of answer sets dated on and after "today" (the
# wizard only offers those, so a result of theirs can always be changed in it).
CROWD = [*JOURNEYS.values(), *varied_queries(24, seed=11, first=datetime.date(2026, 10, 20))]


@pytest.fixture
def pages(client, seeded, wizard_today):
    def get(url, query=None, headers=None):
        response = client.get(url, query or {}, headers=headers or {})
        response.html = response.content.decode()
        return response

    return get


def _query(url):
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


@pytest.mark.parametrize("answers", CROWD)
def test_a_result_and_its_canonical_link_are_the_same_result(pages, answers):
    asked = pages("/result/", answers)
    assert asked.status_code == 302
    canonical = asked["Location"]
    opened = pages(canonical)
    assert opened.status_code == 200  # the canonical link is its own canonical link
    # The same result as the answers gave, in the data machines read.
    assert pages(f"/result.json?{urlencode(answers)}").json() == (
        pages("/result.json", dict(_query(canonical))).json()
    )


@pytest.mark.parametrize("answers", CROWD)
def test_the_figures_do_not_depend_on_the_order_of_the_query(pages, answers):
    canonical = pages("/result/", answers)["Location"]
    fig = dict(_query(canonical))["fig"]
    orders = [_query(canonical)[::-1]]
    for seed in range(2):
        orders.append(random.Random(seed).sample(orders[0], len(orders[0])))
    for query in orders:
        if query != _query(canonical):  # a canonical order is shown, not redirected
            assert pages(f"/result/?{urlencode(query)}")["Location"] == canonical
        without = [(name, value) for name, value in query if name != "fig"]
        assert dict(_query(pages(f"/result/?{urlencode(without)}")["Location"]))["fig"] == fig


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize("answers", CROWD)
def test_changing_nothing_gives_the_same_result_again(pages, answers, headers):
    result = pages(pages("/result/", answers)["Location"], headers=headers)
    check = pages(link(result.html, "答えを変える"), headers=headers)
    assert check.status_code == 200
    assert "回答の確認" in check.html
    again = pages(link(check.html, "結果を見る"), headers=headers)
    assert again.status_code == 200
    assert page_text(again.html) == page_text(result.html)
