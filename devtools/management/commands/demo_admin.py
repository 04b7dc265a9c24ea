import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from workflow.models import CountryAssignment

# username, role (group; None for a superuser), assigned countries
ACCOUNTS = [
    ("admin", None, []),
    ("reviewer", "Reviewer", []),
    ("somchai", "National researcher", ["TH"]),
    ("lan", "National researcher", ["VN"]),
]


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo accounts, one per role, with fresh random passwords, "
        "and print how to log in: admin (superuser), reviewer, and the national "
        "researchers somchai (Thailand) and lan (Viet Nam). Only for the local SQLite "
        "default with DEBUG on."
    )

    def handle(self, *args, **options):
        if connection.vendor != "sqlite" or not settings.DEBUG:
            raise CommandError(
                "demo_admin only runs on the local SQLite default with DEBUG on; "
                "create real accounts with `manage.py createsuperuser`."
            )
        lines = ["", "Demo accounts: http://127.0.0.1:8000/admin/"]
        for username, role, countries in ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _ = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_staff = user.is_active = True
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
            for code in countries:
                CountryAssignment.objects.get_or_create(user=user, country_id=code)
            where = f" ({', '.join(countries)})" if countries else ""
            lines.append(
                f"  {role or 'Administrator (superuser)'}{where}: "
                f"username: {username}  password: {password}"
            )
        lines.append("(new passwords are set each time `make run` starts)\n")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
