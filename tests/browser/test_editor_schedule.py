"""An editor's week, issue 10: a price changes next month. Scheduled as a draft through
「新しい期間を追加」, previewed as of next month, then published. Today is 2026-10-20 (JST)."""

import re

import pytest
from django.test import Client

from kaiyaku.models import Plan

pytestmark = pytest.mark.browser

# A voice line with giga-5gb cancelled on 2026-11-10: November is billed at its price (R3.2, U2).
NOVEMBER_RESULT = "/result/?goal=cancel&service=voice&sim=physical&date=2026-11-10&plan=giga-5gb"


def _plan_row(page):
    return page.locator("#item-plan").inner_text()


def test_an_editor_schedules_previews_and_publishes_next_months_price(chromium, site, editor):
    session = Client()
    session.force_login(editor)
    context = chromium.new_context(locale="ja-JP")
    context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    current = Plan.objects.get(code="giga-5gb")

    # 1. From the plan's page: 新しい期間を追加, the form already holds today's values.
    page.goto(f"{site}/admin/kaiyaku/plan/{current.pk}/change/")
    page.click("#new-period")
    assert page.input_value("#id_code") == "giga-5gb"
    page.fill("#id_valid_from", "2026-11-01")
    page.fill("#id_monthly_price", "1100")
    page.fill("#id_verified_on", "2026-10-20")
    page.check("#id_draft")
    page.click("input[name=_save]")
    assert "追加しました" in page.inner_text("ul.messagelist")
    draft = Plan.objects.get(code="giga-5gb", draft=True)
    assert Plan.objects.get(pk=current.pk).valid_to is None  # public data untouched so far

    # 2. Preview as of next month: the banner on every page, the new price on a result.
    page.goto(f"{site}/admin/kaiyaku/plan/{draft.pk}/change/")
    page.click("#preview-link")
    assert "2026年11月1日(日)時点の表示です" in page.inner_text("#preview-banner")
    page.goto(site + NOVEMBER_RESULT)
    assert "プレビュー" in page.inner_text("#preview-banner")
    assert "1,100円" in _plan_row(page)

    # The public meanwhile sees today's price, and no banner.
    public = chromium.new_context(locale="ja-JP").new_page()
    public.goto(site + NOVEMBER_RESULT + "&as_of=2026-11-01")
    assert public.locator("#preview-banner").count() == 0
    assert "990円" in _plan_row(public)

    # 3. Publish, with a reason for the history.
    page.goto(f"{site}/admin/kaiyaku/plan/{draft.pk}/change/")
    page.click("#publish-draft")
    page.fill("#id_reason", "11月からの料金改定")
    page.click("input[name=publish]")
    assert "1件の下書きを公開しました" in page.inner_text("ul.messagelist")

    public.goto(site + NOVEMBER_RESULT)
    assert re.search(r"1,100円", _plan_row(public))
    assert Plan.objects.get(pk=current.pk).valid_to.isoformat() == "2026-10-31"
    public.context.close()
    context.close()
