from django.conf import settings
from django.core.management.base import BaseCommand

from entities.suggestions import purge_emails


class Command(BaseCommand):
    help = (
        "Delete the e-mail addresses of the public's suggestions sent more than "
        "SUGGESTION_EMAIL_DAYS days ago (send_reminders does it too, daily)."
    )

    def handle(self, *args, **options):
        purged = purge_emails()
        self.stdout.write(
            self.style.SUCCESS(
                f"{purged} e-mail address(es) deleted "
                f"(suggestions older than {settings.SUGGESTION_EMAIL_DAYS} days)."
            )
        )
