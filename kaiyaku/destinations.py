"""Where to go: the destinations side by side (/destinations/).

Opened from an MNP result, the page carries that result's answers in its query string and adds,
for each destination, the last day to apply with a number taken when the result says to.
"""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import preview
from .answers import parse_answers
from .planner import plan
from .planner.calendar import JST
from .planner.destinations import UNDECIDED, Window, compare, data_amounts
from .snapshot.store import get_snapshot
from .web import render_page, url_with_query

# §11: the amount every priced destination in the article offers, when nothing says otherwise.
DEFAULT_DATA_GB = 20
UNLIMITED = "unlimited"  # the `data` value that asks for unlimited plans


@require_safe
@vary_on_headers("HX-Request")
def destinations(request):
    snapshot = get_snapshot()
    now = preview.now()
    answers, outcome, unreadable = _from_result(request.GET, snapshot, now)
    today = now.astimezone(JST).date()
    amounts = data_amounts(snapshot, today)
    data_gb, error = _data_amount(request.GET.get("data", ""), amounts, answers, snapshot)
    window = None
    if outcome:
        window = Window(
            first=outcome.dates.mnp_number_from, activation=answers.date, sim=answers.sim
        )
    query = answers.to_query() if answers else {}
    offers = compare(snapshot, data_gb=data_gb, on=today, window=window)
    context = {
        "title": _("乗り換え先を比べる"),
        "offers": offers,
        "as_of": max(d.as_of for o in offers for d in (o.destination, o.plan) if d),
        "amounts": [(_amount_value(a), a) for a in amounts],
        "chosen": _amount_value(data_gb),
        "data_gb": data_gb,
        "source": snapshot.source,
        "outcome": outcome,
        "chosen_dest": answers.dest if outcome else None,
        "undecided": UNDECIDED,
        "hidden": sorted(query.items()),
        "result_url": url_with_query("result", query) if outcome else "",
        "unreadable": unreadable,
        "error_links": [("#data", error)] if error else [],
    }
    if error:
        context["title"] = _("エラー: ") + context["title"]
    return render_page(request, "destinations/index.html", context, status=400 if error else 200)


def _from_result(query, snapshot, now):
    """(answers, plan, unreadable) of the result the page was opened from: the answers and plan
    of an MNP result, else None and None; `unreadable` when the answers cannot be planned."""
    if "goal" not in query:
        return None, None, False
    answers, errors = parse_answers(query, snapshot)
    if errors:
        return None, None, True
    if answers.goal != "mnp":
        return None, None, False
    return answers, plan(answers, snapshot, now), False


def _amount_value(data_gb):
    return UNLIMITED if data_gb is None else str(data_gb)


def _data_amount(raw, amounts, answers, snapshot):
    """The amount asked for: the `data` choice, else the person's IIJmio plan's (or the next
    larger amount on offer), else DEFAULT_DATA_GB. An unknown choice is an error, not a guess."""
    if raw:
        for amount in amounts:
            if _amount_value(amount) == raw:
                return amount, None
        return DEFAULT_DATA_GB, _("データ量は一覧から選んでください。")
    current = snapshot.plan(answers.plan) if answers and answers.plan else None
    if current and current.data_gb is not None:
        larger = [a for a in amounts if a is not None and a >= current.data_gb]
        if larger:
            return larger[0], None
    return DEFAULT_DATA_GB, None
