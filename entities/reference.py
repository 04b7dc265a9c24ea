"""Codes of the reference data, cached in the shared cache so that checking a
filter value costs no query. Any save or delete of a reference row clears them."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import Country, EntityType, Region, Sector

REFERENCE_MODELS = (Country, Region, EntityType, Sector)
TIMEOUT = 60 * 60


def _key(model):
    return f"reference-codes:{model._meta.label_lower}"


def reference_codes(model):
    """The model's primary keys in its default order."""
    codes = cache.get(_key(model))
    if codes is None:
        codes = list(model.objects.values_list("pk", flat=True))
        cache.set(_key(model), codes, TIMEOUT)
    return codes


def _forget(sender, **kwargs):
    cache.delete(_key(sender))


for _model in REFERENCE_MODELS:
    post_save.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}-del")
