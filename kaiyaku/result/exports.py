"""The result as data: /result.json (contract.md) and /result.ics (the dated steps).

Thin views: parse → plan → serialise. Both answer bad answers with 400 naming the field, and both
carry an ETag of their body, so an unchanged result answers a conditional GET with 304.
"""

import datetime
import hashlib
import json
from urllib.parse import urlencode

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe
from icalendar import Alarm, Calendar, Event

from .. import preview
from ..answers import parse_answers, parse_language
from ..languages import current
from ..planner import plan
from ..planner.calendar import JST
from ..planner.timing import END_OF_DAY
from ..snapshot.store import get_snapshot
from .words import say, word

# Results change only when the data does; five minutes keeps an editor's fix from lingering.
MAX_AGE = 300
# Calendar reminder: 09:00 the day before an all-day step (15 h before its midnight start); a
# deadline abroad (23:59 Japan time) a whole day before it.
REMINDER_BEFORE = datetime.timedelta(hours=15)
DEADLINE_REMINDER_BEFORE = datetime.timedelta(days=1)


def _parsed(query, snapshot):
    """(answers, language, errors): the answers, with every message in the language asked for."""
    language, errors = parse_language(query)
    with translation.override(language):
        answers, answer_errors = parse_answers(query, snapshot)
    return answers, language, {**answer_errors, **errors}


@require_safe
def result_json(request):
    snapshot = get_snapshot()
    answers, language, errors = _parsed(request.GET, snapshot)
    if errors:
        with translation.override(language):
            return _bad_request(
                _dumps({"errors": errors}), "application/json; charset=utf-8", allow_embed=True
            )
    with translation.override(language):
        worded = word(plan(answers, snapshot, preview.now()), snapshot.source)
        body = _dumps(as_json(worded, language))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # contract.md: embeds on other sites
    return _cacheable(request, response)


@require_safe
def result_ics(request):
    snapshot = get_snapshot()
    answers, language, errors = _parsed(request.GET, snapshot)
    if errors:  # contract.md: errors are JSON, for the calendar file as for the data
        return _bad_request(_dumps({"errors": errors}), "application/json; charset=utf-8")
    query = urlencode(answers.to_query())
    now = preview.now()
    with translation.override(language):
        worded = word(plan(answers, snapshot, now), snapshot.source)
        # The link in each event opens the result page in the calendar's language.
        url = request.build_absolute_uri(f"{reverse('result')}?{query}")
        ics = calendar(
            worded, snapshot.source, query, url, sequence=snapshot.version[0], made_at=now
        )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kaiyaku.ics"'
    return _cacheable(request, response)


def as_json(worded, language=None):
    """Exactly the body of /result.json (contract.md), with a few added keys; `language` is the
    `lang` answer (the active language when not given)."""
    result = worded.result
    dates = result.dates
    return {
        "answers": {**result.answers.as_json(), "lang": language or current()},
        "data_as_of": result.data_as_of.isoformat(),
        "figures": result.figures_hash,
        "effective_month": _month(result.effective_month),
        "dates": {
            "apply_by": dates.apply_by.isoformat(),
            "service_end": dates.service_end.isoformat(timespec="minutes"),
            "mnp_number_from": _day(dates.mnp_number_from),
            "mnp_number_to": _day(dates.mnp_number_to),
            "mnp_number_expires": _day(dates.mnp_number_expires),
            "final_bill_month": _month(dates.final_bill_month),
            "card_valid_until": _month(dates.card_valid_until),
        },
        "costs": {
            "items": [{**i, "verified_on": _day(i["verified_on"])} for i in worded.items],
            "charges_total_yen": result.charges_total_yen,
            "own_total_yen": result.own_total_yen,
        },
        "checklist": [
            {**step, "due": _day(step["due"]), "help": step["help"] or None}
            for step in worded.checklist
        ],
        "warnings": worded.warnings,
        "tips": worded.tips,
        "saving_tip": worded.saving_tip,
    }


def _day(value):
    return value.isoformat() if value else None


def _month(value):
    return value.strftime("%Y-%m")


def calendar(worded, carrier, query, url, *, sequence, made_at):
    """iCalendar bytes: one event with a reminder per dated step.

    UIDs are the step code plus a digest of the canonical answers, so importing the same result
    again updates the events instead of adding copies; SEQUENCE is the data's version number,
    which only grows, so a re-import after the data changed replaces what it changed. DTSTAMP
    is when the file was made (to the hour, so a file can still be answered with 304).

    At home a step is an all-day event on its due day. Abroad (R3.5) a due day ends at 23:59
    Japan time, which is not the end of that day where the person is: the step is an event at
    that moment, which their calendar shows in their own time.
    """
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    result = worded.result
    modified = datetime.datetime.combine(result.data_as_of, datetime.time(), tzinfo=datetime.UTC)
    cal = Calendar()
    cal.add("prodid", "-//kaiyaku//IIJmio kaiyaku guide//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", say("calendar", "name", carrier=carrier))
    cal.add("x-wr-timezone", JST.key)
    for step in worded.checklist:
        due = step["due"]
        if due is None:
            continue
        event = Event()
        event.add("uid", f"{step['code']}-{digest}@kaiyaku")
        event.add("dtstamp", made_at.replace(minute=0, second=0, microsecond=0))
        event.add("last-modified", modified)
        event.add("sequence", sequence)
        if result.answers.abroad:
            deadline = datetime.datetime.combine(due, END_OF_DAY, tzinfo=JST)
            event.add("dtstart", deadline.astimezone(datetime.UTC))
            summary = say(
                "calendar", "deadline_summary", carrier=carrier, title=step["title"], at=deadline
            )
            reminder = DEADLINE_REMINDER_BEFORE
        else:
            event.add("dtstart", due)
            event.add("dtend", due + datetime.timedelta(days=1))
            summary = say("calendar", "summary", carrier=carrier, title=step["title"])
            reminder = REMINDER_BEFORE
        event.add("summary", summary)
        details = [f"{d['label']}: {d['value']}" for d in step["details"]]
        event.add("description", "\n".join([step["text"], *details, "", url]))
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", say("calendar", "reminder", title=step["title"]))
        alarm.add("trigger", -reminder)
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _bad_request(body, content_type, allow_embed=False):
    response = HttpResponse(body, content_type=content_type, status=400)
    if allow_embed:
        response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, no_cache=True)
    return response


def _cacheable(request, response):
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return get_conditional_response(request, etag=etag, response=response)
