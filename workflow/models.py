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
