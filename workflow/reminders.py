"""The daily e-mail to each person with something waiting for them
(manage.py send_reminders): a researcher's records due for review and drafts
returned with a comment, a reviewer's queues in numbers, all read from the
work queues (``queues``). At most one a day per person,
recorded in ReminderSent, so that running it twice sends nothing the second
time; people without an e-mail address or with nothing waiting get none."""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from research.review_due import ReviewState

from . import queues
from .models import Correspondent, ReminderSent

logger = logging.getLogger(__name__)

# The most records of each kind one e-mail lists; the rest are counted, with
# a link to the admin's list of all of them.
LISTED = 50


@dataclass
class Digest:
    """What one e-mail tells one person."""

    user: object
    today: object
    due: list = field(default_factory=list)
    due_count: int = 0
    returned: list = field(default_factory=list)
    returned_assessments: list = field(default_factory=list)
    queue: queues.QueueSize | None = None

    def __bool__(self):
        return bool(self.due or self.returned or self.returned_assessments or self.queue)

    @property
    def due_more(self):
        return self.due_count - len(self.due)


def digest(user, today):
    """What waits for ``user`` on ``today`` (falsy: nothing)."""
    result = Digest(user=user, today=today)
    if queues.is_researcher(user):
        due = queues.due_for_review(user, today)
        result.due = [
            (entity, entity.review_due_on(), record_link(entity)) for entity in due[:LISTED]
        ]
        result.due_count = len(result.due) if len(result.due) < LISTED else due.count()
        result.returned = [
            (entity, record_link(entity)) for entity in queues.returned_entities(user)[:LISTED]
        ]
        result.returned_assessments = [
            (assessment, record_link(assessment))
            for assessment in queues.returned_assessments(user)[:LISTED]
        ]
    if queues.reviews(user):
        result.queue = queues.review_queue_size(user) or None
    return result


def admin_link(viewname, **query):
    address = settings.SITE_URL.rstrip("/") + reverse(viewname)
    return f"{address}?{urlencode(query)}" if query else address


def record_link(record):
    """The address of a record's admin page."""
    meta = record._meta
    path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    return settings.SITE_URL.rstrip("/") + path


def language_of(user):
    """The language the person's e-mails are written in: theirs, else English."""
    try:
        return user.correspondent.language or settings.LANGUAGE_CODE
    except Correspondent.DoesNotExist:
        return settings.LANGUAGE_CODE


def message(found):
    """The e-mail of a digest, in its reader's language."""
    with translation.override(language_of(found.user)):
        subject = gettext("%(site)s: what waits for you on %(day)s") % {
            "site": settings.SITE_NAME,
            "day": found.today.isoformat(),
        }
        body = render_to_string(
            "workflow/email/reminder.txt",
            {
                "digest": found,
                "name": found.user.get_full_name() or found.user.get_username(),
                "due_link": admin_link(
                    "admin:entities_entity_changelist", review=ReviewState.OVERDUE
                ),
                "due_soon_link": admin_link(
                    "admin:entities_entity_changelist", review=ReviewState.DUE_SOON
                ),
                # The lists the reviewer's home page links its queues to.
                "queue_link": admin_link(
                    "admin:entities_entity_changelist", queue="awaiting_review"
                ),
                "reconcile_link": admin_link(
                    "admin:research_assessment_changelist", queue="to_reconcile"
                ),
            },
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [found.user.email])


def recipients():
    """Active people with an e-mail address, each with their countries and
    permissions read once."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.select_related("correspondent").order_by("pk")


def send_reminders(today=None):
    """Send each person's e-mail of the day; return (sent, skipped_already_sent)."""
    today = today or timezone.localdate()
    already = set(ReminderSent.objects.filter(sent_on=today).values_list("user_id", flat=True))
    sent = skipped = 0
    for user in recipients():
        if user.pk in already:
            skipped += 1
            continue
        found = digest(user, today)
        if not found:
            continue
        email = message(found)
        try:
            with transaction.atomic():
                # The row first: a second run at the same moment fails on it
                # and sends nothing; a failed send leaves no row, to try again.
                ReminderSent.objects.create(user=user, sent_on=today, subject=email.subject)
                email.send()
        except IntegrityError:
            skipped += 1
            continue
        sent += 1
        logger.info("reminder sent user=%s day=%s", user.get_username(), today)
    return sent, skipped
