"""Create (or promote) an editor: a staff account in the "Editors" group, with no default password.

Interactive runs ask for the password, then set up the second factor (required at the admin login
when KAIYAKU_REQUIRE_2FA=1): the editor adds the account to an authenticator app, types the code
it shows, and is given one-time recovery codes. With --no-input the account gets no usable
password (set one with `manage.py changepassword NAME`) and no second factor (run this command
again in a terminal). --reset-2fa replaces a lost phone's authenticator and the recovery codes.
"""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kaiyaku import editors

GROUP_NAME = "Editors"
CODE_ATTEMPTS = 3


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
        parser.add_argument(
            "--reset-2fa",
            action="store_true",
            dest="reset_2fa",
            help="set up the authenticator app again and issue new recovery codes",
        )

    def handle(self, *args, username, email, interactive, reset_2fa, **options):
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
        if interactive and (reset_2fa or not editors.has_second_factor(user)):
            self._enrol(user)
        elif not editors.has_second_factor(user):
            self.stdout.write(
                "No second factor yet (the admin asks for one when KAIYAKU_REQUIRE_2FA=1): run "
                f"`manage.py addeditor {username}` in a terminal with the editor's phone at hand."
            )

    def _enrol(self, user):
        device = editors.enrol(user)
        key = editors.secret_of(device)
        grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        self.stdout.write(
            "\nSecond factor. In an authenticator app (Google Authenticator, Microsoft "
            "Authenticator, 1Password, ...), add an account with this key (time-based):\n"
            f"\n    {grouped}\n\nor from this link (a QR code of it works too):\n"
            f"\n    {device.config_url}\n"
        )
        for _attempt in range(CODE_ATTEMPTS):
            try:
                code = input("The 6-digit code the app shows now: ")
            except (EOFError, KeyboardInterrupt):
                break
            codes = editors.confirm(device, code)
            if codes:
                self.stdout.write(
                    "\nSecond factor set up. Recovery codes, each usable once in place of the "
                    "app's code (keep them somewhere safe, away from the phone):\n"
                )
                for recovery in codes:
                    self.stdout.write(f"    {recovery}")
                return
            self.stderr.write("That code does not match. Check the phone's clock and try again.")
        raise CommandError(
            f"The second factor was not set up. Run `manage.py addeditor {user.get_username()}` "
            "again to retry."
        )

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
