"""Load the seeded data, adding only records the database has never had.

`loaddata` would overwrite an editor's changes (natural keys match existing rows), so `make run`
uses this instead. A record an editor deleted is not brought back either: its history remains.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import models, transaction

DEFAULT_FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


def identity(obj):
    """The field values that name a record: its unconditional unique constraint or unique code."""
    meta = obj._meta
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
            return {
                meta.get_field(f).attname: getattr(obj, meta.get_field(f).attname)
                for f in constraint.fields
            }
    unique = next(f for f in meta.fields if f.unique and not f.primary_key)
    return {unique.attname: getattr(obj, unique.attname)}


class Command(BaseCommand):
    help = "Add the seeded data that is absent; never change or restore what editors changed."

    def add_arguments(self, parser):
        parser.add_argument("fixtures", nargs="*", help="fixture files (default: fixtures/*.json)")

    @transaction.atomic
    def handle(self, *args, **options):
        paths = [Path(p) for p in options["fixtures"]] or DEFAULT_FIXTURES
        added = kept = 0
        for path in paths:
            with path.open(encoding="utf-8") as fh:
                for item in serializers.deserialize("json", fh, handle_forward_references=False):
                    obj = item.object
                    model = type(obj)
                    if obj.pk is not None or model.history.filter(**identity(obj)).exists():
                        kept += 1
                        continue
                    item.save()  # a raw save keeps the fixture's verified-on and edit dates
                    model.history.bulk_history_create([obj], default_change_reason="seeded")
                    added += 1
        self.stdout.write(f"seed: {added} added, {kept} already present or removed by an editor")
