"""Loading the seeded data adds only what is absent: re-running set-up never undoes an editor."""

import datetime
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from kaiyaku.models import Carrier, Fee, Plan, PostageMethod, Status
from kaiyaku.snapshot.store import get_snapshot

pytestmark = pytest.mark.usefixtures("seeded")

ROOT = Path(__file__).resolve().parent.parent


def seed():
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def test_rerunning_the_seed_keeps_an_edited_price():
    plan = Plan.objects.get(code="giga-5gb")
    plan.monthly_price = Decimal("1100")
    plan.save()

    output = seed()

    plan.refresh_from_db()
    assert plan.monthly_price == Decimal("1100")
    assert "seed: 0 added" in output


def test_rerunning_the_seed_does_not_bring_back_a_deleted_record():
    Fee.objects.get(code="sim_damage").delete()

    seed()

    assert not Fee.objects.filter(code="sim_damage").exists()


def test_rerunning_the_seed_does_not_bring_back_a_record_under_its_old_code():
    plan = Plan.objects.get(code="giga-2gb")
    plan.code = "giga-2gb-2025"
    plan.save()

    seed()

    codes = Plan.objects.filter(code__startswith="giga-2gb").values_list("code", flat=True)
    assert list(codes) == ["giga-2gb-2025"]


def test_the_seed_adds_a_record_the_database_never_had():
    Fee.objects.get(code="recontract_sim").delete()
    Fee.history.filter(code="recontract_sim").delete()

    output = seed()

    fee = Fee.objects.get(code="recontract_sim")
    assert fee.amount == Decimal("433.4")
    assert "seed: 1 added" in output
    assert fee.history.get().history_change_reason == "seeded"


def test_seeded_records_keep_the_fixtures_verified_on_date():
    Fee.objects.get(code="recontract_sim").delete()
    Fee.history.filter(code="recontract_sim").delete()

    seed()

    assert Fee.objects.get(code="recontract_sim").verified_on.isoformat() == "2025-10-31"


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def test_running_set_up_twice_keeps_an_editors_change(tmp_path):
    """The steps `make run` takes each time (migrate, seed), on a database of its own."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SECRET_KEY": "tests-only-not-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage("migrate", "--no-input", env=env)
    assert "seed: 77 added" in manage("seed", env=env)
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from kaiyaku.models import Plan; p = Plan.objects.get(code='giga-20gb'); "
        "p.monthly_price = 2200; p.save(); Plan.objects.get(code='giga-2gb').delete()",
        env=env,
    )

    manage("migrate", "--no-input", env=env)
    second = manage("seed", env=env)

    assert "seed: 0 added, 77 already present or removed by an editor, 0 brought up to date" in (
        second
    )
    prices = manage(
        "shell",
        "--no-imports",
        "-c",
        "from kaiyaku.models import Plan; giga = Plan.objects.filter(code__startswith='giga-'); "
        "print(sorted(giga.values_list('code', flat=True))); "
        "print(giga.get(code='giga-20gb').monthly_price)",
        env=env,
    )
    assert prices.splitlines() == ["['giga-10gb', 'giga-15gb', 'giga-20gb', 'giga-5gb']", "2200.0"]


def fixture_items(model):
    items = json.loads((ROOT / "fixtures" / "iijmio.json").read_text(encoding="utf-8"))
    return [item for item in items if item["model"] == model]


def seed_items(tmp_path, items):
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("seed", str(path), stdout=out)
    return out.getvalue()


ARTICLE_KANI = {  # 簡易書留 as the first release seeded it: the article's 404, undated (R6.4)
    "model": "kaiyaku.postagemethod",
    "fields": {
        "source": "article",
        "verified_on": "2025-10-31",
        "status": "disputed",
        "note": "記事の料金です。",
        "updated_at": "2025-10-31T00:00:00Z",
        "code": "kani-kakitome",
        "name": "簡易書留",
        "price": "404",
        "tracking": True,
        "compensation": True,
        "recommended": True,
    },
}


@pytest.fixture
def article_era_postage(tmp_path):
    """A database seeded before U1: only the article's undated 簡易書留."""
    PostageMethod.objects.all().delete()
    PostageMethod.history.all().delete()
    seed_items(tmp_path, [ARTICLE_KANI])
    return PostageMethod.objects.get()


def test_dated_postage_reaches_an_existing_database_keeping_the_editors_edit(
    tmp_path, article_era_postage
):
    kani = article_era_postage
    kani.note = "編集者のメモ: 郵便局で確認済み"
    kani.save()

    output = seed_items(tmp_path, fixture_items("kaiyaku.postagemethod"))

    kani.refresh_from_db()
    assert kani.valid_to == datetime.date(2023, 9, 30)  # U1: closed off, not lost
    assert kani.note == "編集者のメモ: 郵便局で確認済み"  # the editor's edit stays
    assert kani.status == Status.CONFIRMED  # fields nobody edited follow the fixture
    assert "valid_to" in output
    prices = get_snapshot()
    assert [
        prices.recommended_postage(datetime.date.fromisoformat(day)).price
        for day in ("2023-09-30", "2023-10-01", "2024-09-30", "2024-10-01")
    ] == [404, 434, 434, 460]


def test_a_second_seed_leaves_the_editors_edit_and_changes_nothing(tmp_path, article_era_postage):
    kani = article_era_postage
    kani.price = 405
    kani.save()
    seed_items(tmp_path, fixture_items("kaiyaku.postagemethod"))

    output = seed_items(tmp_path, fixture_items("kaiyaku.postagemethod"))

    kani.refresh_from_db()
    assert kani.price == 405
    assert "0 added" in output and "0 brought up to date" in output


def test_an_editors_end_date_is_kept_and_a_clashing_figure_is_skipped(
    tmp_path, article_era_postage
):
    kani = article_era_postage
    kani.valid_to = datetime.date(2024, 9, 30)  # the editor closed it on their own
    kani.save()

    output = seed_items(tmp_path, fixture_items("kaiyaku.postagemethod"))

    kani.refresh_from_db()
    assert kani.valid_to == datetime.date(2024, 9, 30)
    assert not PostageMethod.objects.filter(
        code="kani-kakitome", valid_from=datetime.date(2023, 10, 1)
    ).exists()
    assert "skipped kaiyaku.postagemethod kani-kakitome/2023-10-01" in output


@pytest.mark.parametrize("change", ["delete", "rename"])
def test_a_record_whose_carrier_an_editor_removed_is_skipped_with_a_message(change):
    # Issue 12, item 1: the seed must never stop `make run`.
    mineo = Carrier.objects.get(code="mineo")
    if change == "delete":
        mineo.delete()
    else:
        mineo.code = "mineo-docomo"
        mineo.save()

    output = seed()

    assert "skipped kaiyaku.plan mineo/mineo-5gb" in output
    assert "deleted or renamed" in output
    assert not Carrier.objects.filter(code="mineo").exists()
    assert Plan.objects.filter(carrier__code="mineo-docomo").count() == (
        3 if change == "rename" else 0
    )
