"""Create (or promote) an editor: a staff account in the "Editors" group, with no default password.

Interactive runs ask for the password; with --no-input the account gets no usable password and
the person sets one with `manage.py changepassword NAME`.
"""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP_NAME = "Editors"


class Command(BaseCommand):
    help = "Create an editor account (staff, in the Editors group) or make an existing user one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for a password; set one later with `manage.py changepassword`",
        )

    def handle(self, *args, username, email, interactive, **options):
        try:
            group = Group.objects.get(name=GROUP_NAME)
        except Group.DoesNotExist:
            raise CommandError(
                f'The "{GROUP_NAME}" group is missing: run `manage.py migrate` first.'
            ) from None
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": email, "is_staff": True}
            )
            if created:
                user.set_unusable_password()
            user.is_staff = True
            if interactive:
                try:
                    user.set_password(self._ask_password(user))
                except (EOFError, KeyboardInterrupt):
                    raise CommandError(
                        "No password given, nothing changed. Without a terminal, use --no-input "
                        "and set the password later with `manage.py changepassword`."
                    ) from None
            user.save()
            user.groups.add(group)
        self.stdout.write(
            f"{'Created' if created else 'Updated'} editor {username!r} "
            f'(staff, in the "{GROUP_NAME}" group).'
        )
        if not user.has_usable_password():
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")

    def _ask_password(self, user):
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write("\n".join(exc.messages))
                continue
            return password
