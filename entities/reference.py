"""Reference data cached in the shared cache: the codes (so that checking a
filter value costs no query) and the rows (so that a filter form's choices
cost none). Any save or delete of a reference row forgets them."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from research.models import Feature

from .models import Country, EntityType, Region, Sector

REFERENCE_MODELS = (Country, Region, EntityType, Sector)
ROW_MODELS = (Country, EntityType, Sector, Feature)  # the public filter form's choices
TIMEOUT = 60 * 60


def _key(model, kind="codes"):
    return f"reference-{kind}:{model._meta.label_lower}"


def reference_codes(model):
    """The model's primary keys in its default order."""
    codes = cache.get(_key(model))
    if codes is None:
        codes = list(model.objects.values_list("pk", flat=True))
        cache.set(_key(model), codes, TIMEOUT)
    return codes


def reference_rows(model):
    """The model's rows in its default order (Country, EntityType, Sector or
    Feature), for showing as choices."""
    rows = cache.get(_key(model, "rows"))
    if rows is None:
        rows = list(model.objects.all())
        cache.set(_key(model, "rows"), rows, TIMEOUT)
    return rows


def _forget(sender, **kwargs):
    cache.delete_many([_key(sender), _key(sender, "rows")])


for _model in {*REFERENCE_MODELS, *ROW_MODELS}:
    post_save.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}-del")
