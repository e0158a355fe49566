"""初期契約解除 (U6): people who signed up in the last 8 days hear of it first."""

import re

import pytest

from kaiyaku.models import Fact

pytestmark = pytest.mark.usefixtures("seeded")


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_help_page_gives_the_days_from_the_data_with_its_source(client):
    # Linked without hx-get: help pages extending help/_page.html have no "#main" partial of
    # their own, so an htmx request for any of them fails today (left to the views' owner).
    response = client.get("/help/initial-cancellation/")

    assert response.status_code == 200
    said = text(response.content.decode())
    assert "初期契約解除" in said and "8日以内" in said  # U6
    assert "電気通信事業法" in said  # its source


def test_the_days_are_data_an_editor_can_change(client):
    fact = Fact.objects.get(code="initial_cancellation_days")
    fact.value = "10"
    fact.save()

    assert "10日以内" in text(client.get("/help/initial-cancellation/").content.decode())


def test_the_start_page_points_recent_sign_ups_to_it_before_the_start_button(client):
    html = client.get("/").content.decode()

    notice = html.index('id="initial-cancellation"')
    assert notice < html.index('class="button start"')
    assert "申し込んでから8日以内ですか" in text(html)
    assert 'href="/help/initial-cancellation/"' in html[notice:]


def test_the_faq_answers_it_and_marks_the_withdrawal_question_disputed(client):
    html = client.get("/help/").content.decode()

    faq = text(html[html.index('id="faq-initial-cancellation"') :])
    assert "8日以内なら" in faq
    withdrawal = text(html[html.index('id="faq-withdrawal"') :])
    assert "要確認" in withdrawal.split("SIMカード")[0]  # R3.1: disputed, with its note
    assert "20:00までなら取り消せる" in withdrawal


def test_the_cancel_step_marks_the_withdrawal_question_disputed(client, wizard_today):
    # R3.1: whether an application can be withdrawn is disputed; say so where people apply.
    query = "goal=cancel&service=voice&sim=esim&date=2026-10-27"
    html = client.get(f"/result/?{query}", follow=True).content.decode()

    step = html[html.index('id="step-apply_cancel"') :].split("</li>")[0]
    assert 'id="withdrawal-disputed"' in step
    assert "要確認" in step and "20:00までなら取り消せる" in step
