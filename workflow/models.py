"""Who works where: the countries a national researcher is assigned to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountryAssignment(models.Model):
    """A researcher works on the entities of the countries they are assigned
    to; reviewers and administrators (permission ``work_in_all_countries``)
    work on all of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="country_assignments",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        "entities.Country",
        models.CASCADE,
        related_name="assignments",
        verbose_name=_("country"),
    )

    class Meta:
        verbose_name = _("country assignment")
        verbose_name_plural = _("country assignments")
        permissions = [
            ("work_in_all_countries", _("Can see and change records of every country")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "country"], name="assignment_once"),
        ]

    def __str__(self):
        return f"{self.user} — {self.country}"


class Correspondent(models.Model):
    """What the registry knows of how to write to a person: the language of
    the e-mails it sends them (English when none is recorded)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="correspondent",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The reminders are written in this language; blank: English."),
    )

    class Meta:
        verbose_name = _("e-mail language")
        verbose_name_plural = _("e-mail language")

    def __str__(self):
        return f"{self.user} — {self.language or '-'}"


class ReminderSent(models.Model):
    """The day's reminder sent to one person (manage.py send_reminders): at
    most one a day, so that running the command again sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("user"),
    )
    sent_on = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    subject = models.CharField(_("subject"), max_length=200)

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.user} — {self.sent_on}"
