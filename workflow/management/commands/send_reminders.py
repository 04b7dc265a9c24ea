from django.core.management.base import BaseCommand

from entities.suggestions import purge_emails
from workflow.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each researcher their records due for review and their drafts returned "
        "with a comment, and each reviewer the size of the review queue: one e-mail per "
        "person per day at most (run it daily; a second run the same day sends nothing). "
        "Also deletes the suggesters' e-mail addresses older than SUGGESTION_EMAIL_DAYS days."
    )

    def handle(self, *args, **options):
        sent, skipped = send_reminders()
        purged = purge_emails()
        self.stdout.write(
            self.style.SUCCESS(f"{sent} reminder(s) sent; {skipped} already sent today.")
        )
        self.stdout.write(f"{purged} suggester e-mail address(es) deleted.")
