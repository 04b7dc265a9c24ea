import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo administrator with a fresh random password and print "
        "how to log in. Only for the local SQLite default with DEBUG on."
    )

    def handle(self, *args, **options):
        if connection.vendor != "sqlite" or not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs on the local SQLite default with DEBUG on; "
                "create real accounts with `manage.py createsuperuser`."
            )
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo admin: http://127.0.0.1:8000/admin/\n"
                f"  username: {USERNAME}\n"
                f"  password: {password}\n"
                "(a new password is set each time `make run` starts)\n"
            )
        )
