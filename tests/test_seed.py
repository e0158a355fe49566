"""Loading the seeded data adds only what is absent: re-running set-up never undoes an editor."""

import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from kaiyaku.models import Fee, Plan

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

    assert "seed: 0 added, 77 already present or removed by an editor" in second
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
