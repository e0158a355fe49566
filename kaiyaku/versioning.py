"""The data version: one number in the database that every edit raises."""

from django.db.models import F
from django.utils import timezone

from .models import DataVersion


def bump(**kwargs):
    """Signal receiver: any saved or deleted datum makes every cached snapshot stale."""
    current()  # make sure the row exists
    DataVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())


def current():
    version, _ = DataVersion.objects.get_or_create(pk=1)
    return version.number
