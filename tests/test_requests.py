"""/request/: a guide request or a "this figure looks wrong" report, kept for editors (issue 9)."""

import re
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.test import Client

from kaiyaku.models import Inquiry
from kaiyaku.requests import RATE_LIMIT

pytestmark = pytest.mark.usefixtures("seeded")

GUIDE = {"kind": "guide", "service": "楽天モバイル", "figure": "", "message": "", "website": ""}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser():
    """A client that checks CSRF tokens as a real browser request would be checked."""
    return Client(enforce_csrf_checks=True)


def send(client, **changes):
    page = client.get("/request/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    return client.post("/request/", {**GUIDE, **changes, "csrfmiddlewaretoken": token.group(1)})


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_the_form_alone_sets_the_csrf_cookie(client, wizard_today, headers):
    for path in ("/", "/help/", "/changes/", "/q/service/"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        assert "csrftoken" not in response.cookies, path

    response = client.get("/request/", headers=headers)

    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert ("<html" in response.content.decode()) is not bool(headers)


def test_a_guide_request_is_stored_for_editors_with_a_status(browser):
    response = send(browser, message="MNPの手順を知りたいです")

    assert response.status_code == 302 and response["Location"] == "/request/thanks/"
    stored = Inquiry.objects.get()
    assert (stored.kind, stored.service, stored.message) == (
        "guide",
        "楽天モバイル",
        "MNPの手順を知りたいです",
    )
    assert stored.status == Inquiry.State.NEW
    assert "受け付けました" in browser.get("/request/thanks/").content.decode()


def test_a_post_without_the_token_is_refused_in_japanese(browser):
    response = browser.post("/request/", GUIDE)

    assert response.status_code == 403
    assert "フォームのページを開き直してから" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_filled_honeypot_is_refused_and_nothing_is_kept(browser):
    response = send(browser, website="https://spam.example/")

    assert response.status_code == 400
    assert "自動で送られたものと判断したため" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_one_address_may_send_only_a_few_times_an_hour(browser):
    for _ in range(RATE_LIMIT):
        assert send(browser).status_code == 302

    response = send(browser)

    assert response.status_code == 429
    assert "1時間ほどたってから" in response.content.decode()
    assert Inquiry.objects.count() == RATE_LIMIT
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    assert send(other).status_code == 302  # the limit is per address


@pytest.mark.parametrize(("field", "limit"), [("service", 100), ("figure", 200), ("message", 2000)])
def test_each_field_has_a_length_limit_with_a_japanese_error(browser, field, limit):
    kind = "figure" if field == "figure" else "guide"
    response = send(browser, kind=kind, **{field: "あ" * (limit + 1)})

    assert response.status_code == 400
    html = response.content.decode()
    assert f"{limit}文字以内で入力してください(いまは{limit + 1}文字です)。" in html
    assert "エラー: " in html.split("</title>")[0]
    assert not Inquiry.objects.exists()


def test_each_kind_asks_for_what_it_is_about(browser):
    response = send(browser, service="")
    assert "どのサービスの解約ガイドがほしいかを書いてください。" in response.content.decode()
    response = send(browser, kind="figure", service="")
    assert "どの数字が違っていそうかを書いてください。" in response.content.decode()


def test_every_figure_on_the_result_links_to_the_form_about_that_figure(client, wizard_today):
    query = "goal=cancel&service=voice&sim=physical&plan=giga-5gb&date=2026-10-30"
    html = client.get(f"/result/?{query}", follow=True).content.decode()
    rows = re.findall(r'<tr id="item-.*?</tr>', html, re.S)
    assert rows
    links = [re.search(r'href="(/request/\?figure=[^"]+)"', row) for row in rows]
    assert all(links)
    postage = next(unquote(m.group(1)) for m in links if "返送料" in unquote(m.group(1)))

    form = client.get(postage).content.decode()

    assert re.search(r'value="figure"[^>]*checked', form)
    assert "SIMカードの返送料(簡易書留) 460円(税込)" in form


def test_editors_see_requests_by_status(editor_client, browser):
    send(browser, kind="figure", figure="簡易書留 460円", message="470円では?")
    inquiry = Inquiry.objects.get()

    listing = editor_client.get("/admin/kaiyaku/inquiry/?status__exact=new").content.decode()

    assert "簡易書留 460円" in listing
    response = editor_client.post(
        f"/admin/kaiyaku/inquiry/{inquiry.pk}/change/",
        {"status": "done", "editor_note": "確認しました"},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "done"
