"""Reference data cached in the shared cache: the codes (so that checking a
filter value costs no query) and the rows (so that a filter form's choices
cost none). Any save or delete of a reference row forgets them."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation

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
    Feature), for showing as choices. The order is the English names', the
    one the entities' queries follow in every language (a translated model
    would otherwise be ordered by the active language's names); each row's
    name reads in the active language."""
    rows = cache.get(_key(model, "rows"))
    if rows is None:
        with translation.override(settings.LANGUAGE_CODE):
            rows = list(model.objects.all())
        cache.set(_key(model, "rows"), rows, TIMEOUT)
    return rows


def _forget(sender, **kwargs):
    cache.delete_many([_key(sender), _key(sender, "rows")])


for _model in {*REFERENCE_MODELS, *ROW_MODELS}:
    post_save.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"forget-{_key(_model)}-del")


# The names a row of entity values carries, with the id each is the name of.
NAMED_COLUMNS = {
    "country__name": ("country_id", Country),
    "entity_type__name": ("entity_type_id", EntityType),
    "sector__name": ("sector_id", Sector),
}


def shown_names(rows):
    """Rows of entity values (``.values()`` dicts naming their country, type,
    sector or region) with those names in the active language: the values
    carry the English ones, which the API and the CSV give. The rows must
    carry the ids beside the names (``country_id`` beside ``country__name``;
    ``region_id`` and ``country_id`` beside ``region__name``)."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return rows
    names = {
        column: {row.pk: row.name for row in reference_rows(model)}
        for column, (_id, model) in NAMED_COLUMNS.items()
    }
    regions = {region.pk: region for region in reference_rows(Region)}
    shown = []
    for row in rows:
        row = dict(row)
        for column, (id_column, _model) in NAMED_COLUMNS.items():
            if column in row:
                row[column] = names[column].get(row[id_column], row[column])
        if row.get("region_id") in regions:
            row["region__name"] = regions[row["region_id"]].shown_name
        shown.append(row)
    return shown
