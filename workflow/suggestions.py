"""Handling the public's suggestions (entities.Suggestion) in the back office.

A researcher of the suggestion's country, or a reviewer, handles a pending
suggestion once:

- **accept**: a missing entity becomes a new draft entity; a correction's
  fields are applied to its entity, which becomes a draft again (a published
  one leaves the public registry until a reviewer publishes it again: nothing
  a stranger wrote is public before a reviewer has published it);
- **merge**: the fields are applied, the same way, to another entity of the
  country the user may see (the entity the suggestion turned out to be);
- **reject**, with a reason.

Accepting or merging validates the entity as the admin's form does, records
the change in its history (the change reason names the suggestion) and adds
a Provenance row "Public suggestion". Each step runs in one transaction on
the suggestion's row, locked, so a double click handles it once. The
suggester, if they left an e-mail address, is told the outcome in the
language they wrote in, after the commit; once told, the address is
deleted.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entities import suggestions
from entities.models import Entity, Provenance, Suggestion
from entities.profiles import refresh_profiles

from .rules import can_view
from .scoping import in_scope

logger = logging.getLogger(__name__)

HANDLE_PERMISSION = "entities.change_suggestion"
SOURCE_NAME = "Public suggestion"
COORDINATES = {"latitude", "longitude", "location_precision"}
S = Suggestion.Status
REASON_MAX = 100


class Refused(Exception):
    """A suggestion that cannot be handled so: ``status`` (400, 403, 409) and
    the message the person is shown."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def can_handle(user, suggestion):
    """Researchers of the suggestion's country and reviewers handle it."""
    return (
        user.is_active
        and user.has_perm(HANDLE_PERMISSION)
        and in_scope(user, suggestion.country_id)
    )


def accept(user, suggestion):
    """Accept a pending suggestion into a draft: a new entity, or its entity
    changed. Returns the entity."""
    with transaction.atomic():
        suggestion = _locked(user, suggestion)
        if suggestion.kind == Suggestion.Kind.NEW:
            entity = Entity(country_id=suggestion.country_id, created_by=user)
        elif suggestion.entity_id is None:
            raise Refused(
                _("The entity this suggestion corrects no longer exists: merge it into "
                  "another entity or reject it."),
                status=409,
            )  # fmt: skip
        else:
            entity = Entity.objects.select_for_update().get(pk=suggestion.entity_id)
        _apply(suggestion, entity, S.ACCEPTED)
        _handled(user, suggestion, S.ACCEPTED, result=entity)
    _tell_after_commit(suggestion)
    return entity


def merge(user, suggestion, target_id):
    """Apply a pending suggestion's fields to entity ``target_id`` (of its
    country, in the user's scope), as a draft change. Returns the entity."""
    try:
        target_id = int(str(target_id).strip())
    except ValueError:
        raise Refused(_("Give the number of the entity to merge into.")) from None
    with transaction.atomic():
        suggestion = _locked(user, suggestion)
        entity = Entity.objects.select_for_update().filter(pk=target_id).first()
        if entity is None or not can_view(user, entity):
            raise Refused(_("There is no entity %(number)s among yours.") % {"number": target_id})
        if entity.country_id != suggestion.country_id:
            raise Refused(_("Merge into an entity of the suggestion's country."))
        _apply(suggestion, entity, S.MERGED)
        _handled(user, suggestion, S.MERGED, result=entity)
    _tell_after_commit(suggestion)
    return entity


def reject(user, suggestion, reason):
    """Reject a pending suggestion; the reason is told to the suggester."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the suggestion is rejected: the suggester is told."))
    with transaction.atomic():
        suggestion = _locked(user, suggestion)
        suggestion.reason = reason
        _handled(user, suggestion, S.REJECTED)
    _tell_after_commit(suggestion)
    return suggestion


def _locked(user, suggestion):
    """The suggestion's row, locked until the transaction ends, if the user
    may handle it and it is still pending."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not can_handle(user, locked):
        raise Refused(_("You may not handle suggestions of this country."), status=403)
    if not locked.is_pending:
        raise Refused(
            _("This suggestion was handled already (%(status)s).")
            % {"status": locked.get_status_display()},
            status=409,
        )
    return locked


def _apply(suggestion, entity, how):
    """Set the suggestion's fields on ``entity``, check them as the admin's
    form does, and save it as a draft with the history's reason and the
    provenance."""
    if entity.status == Entity.Status.WITHDRAWN:
        raise Refused(
            _("“%(entity)s” is withdrawn: reject the suggestion, or merge it into another "
              "entity.") % {"entity": entity},
            status=409,
        )  # fmt: skip
    fields = suggestions.apply_to(entity, suggestion.proposed)
    checked = {*fields, "country"}
    if checked & COORDINATES:
        checked |= COORDINATES  # they are checked together
    excluded = [field.name for field in Entity._meta.fields if field.name not in checked]
    try:
        entity.full_clean(exclude=excluded, validate_unique=False)
    except ValidationError as error:
        raise Refused(
            _("The suggestion no longer fits the entity: %(errors)s")
            % {"errors": "; ".join(_messages(error))}
        ) from None
    names = ", ".join(fields) or "-"
    if entity.pk is not None and entity.status != Entity.Status.DRAFT:
        entity.status = Entity.Status.DRAFT
        entity.review_comment = gettext(
            "Changed by public suggestion %(number)s (%(fields)s): check it and submit it "
            "for review."
        ) % {"number": suggestion.pk, "fields": names}
    reason = f"Public suggestion {suggestion.pk} {how}: {names}"
    # The history's change reason holds 100 characters.
    entity._change_reason = reason if len(reason) <= REASON_MAX else reason[: REASON_MAX - 1] + "…"
    try:
        with transaction.atomic():
            entity.save()
    except IntegrityError:
        raise Refused(_("The suggestion no longer fits the entity.")) from None
    Provenance.objects.get_or_create(
        entity=entity,
        source_name=SOURCE_NAME,
        record_id=str(suggestion.pk),
        defaults={
            "licence": settings.DATA_LICENCE_NAME,
            "licence_url": settings.DATA_LICENCE_URL,
            "retrieved_on": timezone.localdate(),
        },
    )
    refresh_profiles([entity.pk])


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items()]
    return list(error.messages)


def _handled(user, suggestion, status, result=None):
    suggestion.status = status
    suggestion.handled_by = user
    suggestion.handled_at = timezone.now()
    suggestion.result = result
    suggestion._change_reason = str(status)
    suggestion.save()


# --- Telling the suggester ------------------------------------------------------


def _tell_after_commit(suggestion):
    if suggestion.email:
        transaction.on_commit(lambda: tell(suggestion.pk))


def outcome_message(suggestion):
    """The e-mail telling the suggester the outcome, in their language."""
    with translation.override(suggestion.language or settings.LANGUAGE_CODE):
        subject = gettext("%(site)s: your suggestion was %(status)s") % {
            "site": settings.SITE_NAME,
            "status": suggestion.get_status_display(),
        }
        entity = suggestion.result
        link = ""
        if entity is not None and entity.is_public:
            link = settings.SITE_URL.rstrip("/") + reverse("entity-detail", args=[entity.pk])
        body = render_to_string(
            "workflow/email/suggestion_outcome.txt",
            {"suggestion": suggestion, "changes": suggestions.changes(suggestion), "link": link},
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [suggestion.email])


def tell(suggestion_id):
    """E-mail the outcome of a handled suggestion to its suggester, then
    delete their address; a failed send keeps it (deleted after
    SUGGESTION_EMAIL_DAYS days all the same). Whether it was sent."""
    suggestion = Suggestion.objects.select_related("result").filter(pk=suggestion_id).first()
    if suggestion is None or not suggestion.email or suggestion.is_pending:
        return False
    try:
        outcome_message(suggestion).send()
    except Exception:
        logger.exception("suggestion outcome not sent suggestion=%s", suggestion.pk)
        return False
    Suggestion.objects.filter(pk=suggestion.pk).update(email="")
    logger.info("suggestion outcome sent suggestion=%s", suggestion.pk)
    return True
