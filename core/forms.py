"""Optimistic locking in forms: a save based on an older version of a record
is refused with a message that tells the person to reload.

django-concurrency's version field carries the version the form was loaded
with (signed, so it can't be forged); the admin loads the record afresh when
the form is posted, so comparing the two finds a change made in between. A
change made between this check and the save is caught by the version
condition on the UPDATE itself (a 409 page, see templates/409.html).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this record after you opened it (or you saved it in another "
    "tab). Your changes were not saved, and theirs were kept. Reload the page to see "
    "the current version, then make your changes again."
)


class VersionCheckMixin:
    def clean(self):
        cleaned = super().clean()
        version = cleaned.get("version")
        if self.instance.pk and version is not None and version != self.instance.version:
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned
