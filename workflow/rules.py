"""Who may do what to a record, by role, country and status (docs/design.md, section 5).

The admin, the transitions and the spreadsheet import all ask here.
"""

from entities.models import Entity
from research.models import Assessment

from .scoping import in_scope

REVIEW_PERMISSION = {
    Entity: "entities.review_entity",
    Assessment: "research.review_assessment",
}


def country_of(record):
    return record.entity.country_id if isinstance(record, Assessment) else record.country_id


def is_reviewer(user, model):
    return user.is_active and user.has_perm(REVIEW_PERMISSION[model])


def can_view(user, record):
    return in_scope(user, country_of(record))


def edits_only_drafts(user, model):
    """A researcher edits only drafts; a reviewer edits a record in any status."""
    return not is_reviewer(user, model)


def can_edit(user, record):
    """Reviewers edit any record; a researcher edits drafts in their countries."""
    model = type(record)
    app_label = model._meta.app_label
    if not user.has_perm(f"{app_label}.change_{model._meta.model_name}"):
        return False
    if not can_view(user, record):
        return False
    return not edits_only_drafts(user, model) or record.status == model.Status.DRAFT


def editable(queryset, user):
    """The records of ``queryset`` whose status lets ``user`` edit them: the
    status rule of ``can_edit`` as a query (countries are scoping.scope's)."""
    model = queryset.model
    if edits_only_drafts(user, model):
        return queryset.filter(status=model.Status.DRAFT)
    return queryset
