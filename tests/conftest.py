"""Shared test set-up: the real seeded data (fixtures/*.json), loaded as `make run` loads it."""

import io

import pytest
from django.core.management import call_command

from kaiyaku.models import Carrier


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
