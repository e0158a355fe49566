"""Shared test set-up and helpers: the real seeded data (fixtures/*.json), loaded as `make run`
loads it, frozen "todays", and what several test files read from results and pages.

Answer sets live beside this file, in answer_sets.py.
"""

import datetime
import html as html_lib
import importlib
import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from kaiyaku import memos
from kaiyaku.models import Carrier, Fee
from tests.snapshots import make_snapshot


def _seed():
    call_command("seed", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _seed()


@pytest.fixture
def seeded(db):
    """The seeded data; re-seeded when a transactional (live server) test has flushed it."""
    if not Carrier.objects.exists():
        _seed()


@pytest.fixture
def editor(seeded, django_user_model):
    """A staff account in the "Editors" group, made the way the README tells people to."""
    if not Group.objects.filter(name="Editors").exists():
        # A transactional (live server) test flushed the group its migration made.
        importlib.import_module("kaiyaku.migrations.0002_editors_group").create_group(apps, None)
        importlib.import_module("kaiyaku.migrations.0007_dated_figures_and_requests").grant_editors(
            apps, None
        )
    call_command("addeditor", "hanako", "--no-input", stdout=io.StringIO())
    return django_user_model.objects.get(username="hanako")


@pytest.fixture
def authenticator_app(monkeypatch):
    """The editor's phone at `manage.py addeditor`: types the code the new authenticator shows.

    The server accepts a code from the step before or after (django-otp's tolerance), so the
    moment it is checked need not fall in the same 30 seconds.
    """
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def code(device):
        return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    def type_code(prompt):
        return code(TOTPDevice.objects.filter(confirmed=False).latest("pk"))

    monkeypatch.setattr("builtins.input", type_code)
    return code


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _form_value(value):
    if value is None:
        return ""
    if value is True:
        return "on"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@pytest.fixture
def form_data():
    """The POST data of an admin change form as it stands for `obj`, with `changes` applied.

    Unticked checkboxes are left out, as a browser leaves them out.
    """

    def build(obj, prefix="", fields=None, **changes):
        from kaiyaku.admin_forms import VERSION_FIELD, version_token

        # The version the page was loaded at, as its hidden field carries it (optimistic lock).
        values = {**model_to_dict(obj, fields=fields), VERSION_FIELD: version_token(obj)}
        values |= changes
        return {
            f"{prefix}{name}": _form_value(value)
            for name, value in values.items()
            if value is not False
        }

    return build


@pytest.fixture(autouse=True)
def _in_japanese():
    """Each test starts on a Japanese page: a request to /en/ leaves English active in the
    thread (LocaleMiddleware never switches back), which would word the next test's result."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with nothing kept (the cache and each process's memos), as a fresh site
    would: a rolled-back test leaves its data version number to the next test, with other data
    (a site's own versions only ever move on)."""
    memos.forget()
    yield
    memos.forget()


@pytest.fixture(scope="session")
def snapshot():
    """The seeded data as the planner sees it, built from the fixtures without the database."""
    return make_snapshot()


PLANNER_TODAY = "2026-06-01T12:00:00+09:00"  # planner tests: "today" for the date-range rule


@pytest.fixture
def planner_today(time_machine):
    """Freeze "today" at 2026-06-01 12:00 JST: answers take dates up to two years ahead of it."""
    time_machine.move_to(PLANNER_TODAY, tick=False)


@pytest.fixture
def make_plan(snapshot, planner_today):
    """plan(**answers): a voice, physical-SIM cancellation unless the answers say otherwise.

    `data=make_snapshot(...)` plans on changed data instead of the seeded data.
    """
    from kaiyaku.answers import parse_answers
    from kaiyaku.planner import plan

    def build(data=snapshot, **answers):
        query = {"goal": "cancel", "service": "voice", "sim": "physical"}
        query.update({name: str(value) for name, value in answers.items()})
        parsed, errors = parse_answers(query, data)
        assert not errors, errors
        return plan(parsed, data, datetime.datetime.now(datetime.UTC))

    return build


@pytest.fixture
def words(snapshot):
    """words(result) → the result's facts in the words the page, JSON and calendar use."""
    from kaiyaku.result.words import word

    return lambda result: word(result, snapshot.source)


@pytest.fixture
def details_of(words):
    """details_of(result, step code) → {label: value} of that checklist step, in words."""

    def find(result, code):
        step = next(c for c in words(result).checklist if c["code"] == code)
        return {d["label"]: d["value"] for d in step["details"]}

    return find


WIZARD_TODAY = "2026-10-20T10:00:00+09:00"  # wizard and page tests: "today" in Japan


@pytest.fixture
def wizard_today(time_machine):
    """Freeze "today" for the wizard (it offers dates from today on) at 2026-10-20 10:00 JST."""
    time_machine.move_to(WIZARD_TODAY, tick=False)


@pytest.fixture
def walk(client, seeded, wizard_today):
    """walk(**answers) → the check-answers response, answering each step as a person would.

    Each step is submitted as its GET form submits (the answers so far, its own answer, go=1)
    and each redirect followed, so the flow alone decides which questions come. A question the
    flow asks that `answers` does not cover fails the test, naming it.
    """
    from urllib.parse import parse_qsl, urlsplit

    def run(headers=None, **answers):
        url = "/q/service/"
        asked = []
        for _ in range(40):
            parts = urlsplit(url)
            if not parts.path.startswith("/q/"):
                break
            question = parts.path.split("/")[2]
            assert question in answers, f"the wizard asked {question!r}, which the test left out"
            asked.append(question)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            query.pop("go", None)
            query[question] = answers[question]
            response = client.get(parts.path, {**query, "go": "1"}, headers=headers or {})
            assert response.status_code == 302, response.content.decode()[:2000]
            url = response["Location"]
        response = client.get(url, headers=headers or {})
        response.asked = asked
        response.url = url
        return response

    return run


# -- Helpers shared by the test files ---------------------------------------------------------

HTMX = {"HX-Request": "true"}  # the header htmx sends with every request it makes


def item(result, code):
    """The cost item `code` of a planner result, or None."""
    return next((i for i in result.items if i.code == code), None)


def warning_codes(result):
    return {w.code for w in result.warnings}


def page_text(html):
    """What a reader sees of a page's main region (the whole fragment for htmx): no tags, no
    entities, runs of white space as one space."""
    if "<main" in html:
        html = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def link(html, label):
    """The address of the page's link whose text is `label`."""
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(label)}</a>', html)
    assert found, f"no link {label!r} on the page"
    return html_lib.unescape(found.group(1))


def admin_change_url(obj):
    return reverse(f"admin:kaiyaku_{obj._meta.model_name}_change", args=[obj.pk])


def iijmio_fee(code, **lookup):
    return Fee.objects.get(carrier__code="iijmio", code=code, **lookup)
