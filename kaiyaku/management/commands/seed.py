"""Load the seeded data into a database editors may have changed, without undoing any change.

`loaddata` would overwrite an editor's changes (natural keys match existing rows), so `make run`
uses this instead. Record by record:

- never present (not in the table, not in its history) → added;
- present → each field the fixture now gives differently is brought up to date unless an editor
  ever changed that field (its history says), so a figure closed off in the fixture gets its end
  date (`valid_to`) while an editor's own edits to it stay;
- deleted by an editor (only its history remains) → not brought back;
- unusable (its carrier was deleted or renamed, or it clashes with an editor's record) → skipped
  with a message: the seed never stops the site from starting.
"""

import itertools
import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import DatabaseError, models, transaction

DEFAULT_FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
SEEDED = "seeded"  # change reason of the history records the seed writes
NOT_MERGED = {"id", "updated_at"}


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


def describe(item):
    """ "kaiyaku.plan iijmio/giga-2gb" from a fixture item, for messages."""
    fields = item.get("fields", {})
    parts = [
        "/".join(str(v) for v in fields["carrier"])
        if isinstance(fields.get("carrier"), list)
        else "",
        str(fields.get("code", "")),
        str(fields.get("valid_from") or ""),
    ]
    return f"{item.get('model')} {'/'.join(p for p in parts if p)}"


def edited_fields(current):
    """Names of the fields an editor has ever changed on `current` (from its history), or None
    when the seed never made it (an editor did: all of it is theirs)."""
    records = list(current.history.order_by("history_id"))  # in the order they were saved
    if not any(r.history_change_reason == SEEDED for r in records):
        return None
    touched = set()
    for before, after in itertools.pairwise(records):
        if after.history_change_reason != SEEDED:
            touched |= {change.field for change in after.diff_against(before).changes}
    return touched


def merge(current, seeded):
    """Bring `current` to the fixture's `seeded` values in every field no editor has changed.
    Returns the names of the fields changed."""
    touched = edited_fields(current)
    if touched is None:
        return []
    changed = []
    for field in current._meta.concrete_fields:
        if field.attname in NOT_MERGED or field.name in touched:
            continue
        new = getattr(seeded, field.attname)
        if new != getattr(current, field.attname):
            setattr(current, field.attname, new)
            changed.append(field.attname)
    return changed


def rule_errors(obj):
    """The model's own rules (overlapping periods, one recommended postage…), as one line."""
    errors = {}
    obj.validate_data(errors)
    return " ".join(str(m) for messages in errors.values() for m in messages)


class Command(BaseCommand):
    help = "Add the seeded data that is absent; never change or restore what editors changed."

    def add_arguments(self, parser):
        parser.add_argument("fixtures", nargs="*", help="fixture files (default: fixtures/*.json)")

    @transaction.atomic
    def handle(self, *args, **options):
        paths = [Path(p) for p in options["fixtures"]] or DEFAULT_FIXTURES
        self.counts = dict.fromkeys(("added", "kept", "updated", "skipped"), 0)
        for path in paths:
            for item in json.loads(path.read_text(encoding="utf-8")):
                try:
                    with transaction.atomic():  # a failed record leaves the others intact
                        self.counts[self.seed_one(item)] += 1
                except (serializers.base.DeserializationError, DatabaseError) as exc:
                    self.counts["skipped"] += 1
                    self.stdout.write(
                        f"seed: skipped {describe(item)}: a record it refers to is missing "
                        f"(deleted or renamed by an editor?): {exc}"
                    )
        c = self.counts
        self.stdout.write(
            f"seed: {c['added']} added, {c['kept']} already present or removed by an editor, "
            f"{c['updated']} brought up to date, {c['skipped']} skipped"
        )

    def seed_one(self, item):
        (deserialized,) = serializers.deserialize("python", [item], handle_forward_references=False)
        obj = deserialized.object
        model = type(obj)
        if obj.pk is not None:
            current = model.objects.get(pk=obj.pk)
            changed = merge(current, obj)
            if not changed:
                return "kept"
            current._change_reason = SEEDED
            current.save(update_fields=[*changed, "updated_at"])
            self.stdout.write(f"seed: {describe(item)}: {', '.join(changed)} brought up to date")
            return "updated"
        if model.history.filter(**identity(obj)).exists():
            return "kept"
        refused = rule_errors(obj)
        if refused:
            self.stdout.write(f"seed: skipped {describe(item)}: {refused}")
            return "skipped"
        deserialized.save()  # a raw save keeps the fixture's verified-on and edit dates
        model.history.bulk_history_create([obj], default_change_reason=SEEDED)
        return "added"
