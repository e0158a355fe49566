"""The editors' lists at 1280 px (issue 10): status and check date in view without scrolling."""

import os

import pytest
from django.urls import reverse

from kaiyaku.models import DATA_MODELS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-phrase"
WIDTH = 1280
SHOTS = os.environ.get("KAIYAKU_SCREENSHOTS")  # a folder for screenshots of each list, if set


@pytest.fixture
def signed_in(chromium, site, editor):
    editor.set_password(PASSWORD)
    editor.save()
    context = chromium.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk")
    yield page
    context.close()


def test_status_and_check_date_are_in_view_at_1280_px_on_every_list(signed_in, site):
    page = signed_in
    for model in DATA_MODELS:
        page.goto(site + reverse(f"admin:kaiyaku_{model._meta.model_name}_changelist"))
        for heading in ["column-status_marked", "column-verified_on"]:
            right = page.eval_on_selector(f"th.{heading}", "e => e.getBoundingClientRect().right")
            assert right <= WIDTH, f"{model.__name__}: {heading} ends at {right}px"
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= WIDTH, f"{model.__name__}: the page is {scroll}px wide"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/admin-{model._meta.model_name}-1280.png")
