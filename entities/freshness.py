"""The saves of entities and of assessments that change what the public sees
move the published-data version on (core.freshness), so that no cached figure
computed before them is read again. Every published assessment is public (an
entity's history), not only the current one: publishing, changing or
withdrawing any of them, or its scores and evidence, changes the pages.

Each country is a scope of the published-data version: a write names the
countries it changes, and a figure over the entities of some countries only
(``countries_of``) is cached under their versions, so that a publication in
one country leaves every other country's cached figures standing."""

import re

from django.core.cache import cache
from django.db.models import Q
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.models.sql.where import AND
from django.urls import Resolver404, resolve

from core.freshness import cache_call, current_version, find_scopes_with, published_data_changed
from core.http_cache import scopes_for_requests
from research.models import Assessment, AssessmentStatus, Feature, Score

from .models import (
    Country,
    CountryRecommendation,
    Entity,
    EntityStatus,
    EntityType,
    ExternalIdentifier,
    Provenance,
    Region,
    Release,
    Sector,
    SustainableDevelopmentGoal,
)


def entity_saved(sender, instance, **kwargs):
    if EntityStatus.PUBLISHED in (instance.status, instance.loaded_status):
        published_data_changed(kwargs.get("using"), countries_before_and_after(instance))
    instance.loaded_status = instance.status  # what the row now holds
    instance.loaded_country = instance.__dict__.get("country_id")


def countries_before_and_after(entity):
    """The countries a save of ``entity`` changes: the one it is in and the
    one it was loaded in; None (every one) when the row was loaded without
    its country."""
    if entity.loaded_status is not None and entity.loaded_country is None:
        return None
    return {entity.country_id, entity.loaded_country} - {None}


def sdgs_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Entity):
        countries = {instance.country_id} if instance.status == EntityStatus.PUBLISHED else set()
    else:  # changed from the goal's side: the entities named in pk_set
        countries = set(
            Entity.objects.published()
            .filter(pk__in=pk_set or ())
            .values_list("country_id", flat=True)
            .distinct()
        )
    if countries:
        published_data_changed(kwargs.get("using"), countries)


def assessment_saved(sender, instance, **kwargs):
    if AssessmentStatus.PUBLISHED in (instance.status, instance.loaded_status):
        published_data_changed(kwargs.get("using"), entity_countries(Q(pk=instance.entity_id)))
    instance.loaded_status = instance.status


def score_saved(sender, instance, **kwargs):
    countries = entity_countries(
        Q(
            assessments__pk=instance.assessment_id,
            assessments__status=AssessmentStatus.PUBLISHED,
        )
    )
    if countries:
        published_data_changed(kwargs.get("using"), countries)


def entity_countries(condition):
    """The countries of the entities (published or not) that ``condition``
    selects (one query)."""
    return set(
        Entity.objects.filter(condition).order_by().values_list("country_id", flat=True).distinct()
    )


# --- which countries a figure reads ------------------------------------------


@find_scopes_with
def countries_of(queryset):
    """The countries whose entities ``queryset`` (of entities) is confined to
    by its own conditions, ANDed at any depth: an equality or a list of
    values on the entity's country or region (whose code begins with its
    country's). None when it can't tell: the figure takes every country's
    version."""
    if queryset.model is not Entity:
        return None
    query = queryset.query
    return _confined(query.where, query.get_initial_alias())


def _confined(node, alias):
    if node.connector != AND or node.negated:
        return None
    found = None
    for child in node.children:
        if hasattr(child, "connector"):
            countries = _confined(child, alias)
        else:
            countries = _countries_of_lookup(child, alias)
        if countries is not None:
            found = countries if found is None else found & countries
    return found


def _countries_of_lookup(lookup, alias):
    column = lookup.lhs if isinstance(lookup, Exact | In) else None
    if not isinstance(column, Col) or column.alias != alias:
        return None
    field = column.target
    if field not in (Entity._meta.get_field("country"), Entity._meta.get_field("region")):
        return None
    values = [lookup.rhs] if isinstance(lookup, Exact) else lookup.rhs
    if not isinstance(values, list | tuple | set | frozenset):
        return None  # a subquery or an expression
    codes = set()
    for value in values:
        code = getattr(value, "pk", value)
        if not isinstance(code, str):
            return None
        codes.add(code.split("-")[0] if field.name == "region" else code)
    return codes


post_save.connect(entity_saved, sender=Entity, dispatch_uid="freshness-entity-saved")
post_delete.connect(entity_saved, sender=Entity, dispatch_uid="freshness-entity-deleted")
post_save.connect(assessment_saved, sender=Assessment, dispatch_uid="freshness-assessment-saved")
post_delete.connect(
    assessment_saved, sender=Assessment, dispatch_uid="freshness-assessment-deleted"
)
post_save.connect(score_saved, sender=Score, dispatch_uid="freshness-score-saved")
m2m_changed.connect(sdgs_changed, sender=Entity.sdgs.through, dispatch_uid="freshness-sdgs")


# --- which countries a public answer shows (core.http_cache) -------------------

# Addresses whose answer shows only the entities their filters select: a
# `country` (or `region`) parameter confines the whole answer to those
# countries.
CONFINED_BY_FILTERS = {
    "entity-list",
    "tapestry",
    "entity-map",
    "entity-download",
    "entity-download-essglobal",
    "api:entity-list",
    "api:entity-export",
    "api:entity-export-essglobal",
    "api:entity-geojson",
    "api:map-cells",
}
# Addresses naming one country: its page, its report, its statistics.
COUNTRY_IN_ADDRESS = {
    "country-detail",
    "country-report",
    "country-report-pdf",
    "api:country-stats",
}
# Addresses naming one entity: it is in one country.
ENTITY_IN_ADDRESS = {"entity-detail", "api:entity-detail", "murmurations-profile"}
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


@scopes_for_requests
def countries_shown(request):
    """The countries whose published data the answer to ``request`` shows,
    or None when it may show any."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    name = match.view_name
    if name in COUNTRY_IN_ADDRESS:
        code = match.kwargs.get("code", "")
        return {code.upper()} if COUNTRY_CODE.fullmatch(code) else None
    if name in ENTITY_IN_ADDRESS:
        pk = match.kwargs.get("pk")
        country = entity_country(int(pk)) if str(pk).isdigit() else None
        return {country} if country else None
    if name in CONFINED_BY_FILTERS:
        return _countries_named(request.GET)
    return None


def entity_country(pk):
    """The country of the entity ``pk`` (None: no such entity), kept in the
    shared cache until the published data next changes: a public entity
    moves to another country only by a write that changes it, and an entity
    that is not public is shown in no country."""
    version = current_version()
    key = f"entity-country:{version}:{pk}"
    country = cache_call(cache.get, key) if version is not None else None
    if country is None:
        country = Entity.objects.filter(pk=pk).values_list("country_id", flat=True).first() or ""
        if version is not None:
            cache_call(cache.set, key, country, ENTITY_COUNTRY_SECONDS)
    return country or None


ENTITY_COUNTRY_SECONDS = 24 * 60 * 60


def _countries_named(query):
    """The countries a list's ``country`` and ``region`` parameters name (any
    of them: the list holds no other), or None when they name none or a
    value that is not a code."""
    codes = set()
    for parameter, length in (("country", None), ("region", 2)):
        for given in query.getlist(parameter):
            for value in given.split(","):
                code = value.strip().split("-")[0] if length else value.strip()
                if not COUNTRY_CODE.fullmatch(code):
                    return None
                codes.add(code.upper())
    return codes or None


# --- what else the public pages show -------------------------------------------


def reference_changed(sender, instance, **kwargs):
    """A save of what every page may show (a country's or a region's name, a
    type, a sector, a goal, a feature's text, a release): every answer is
    new."""
    published_data_changed(kwargs.get("using"))


def country_text_changed(sender, instance, **kwargs):
    """A country's recommendation: its country's pages and reports."""
    published_data_changed(kwargs.get("using"), {instance.country_id})


def entity_part_changed(sender, instance, **kwargs):
    """An identifier elsewhere or a provenance: its entity's country."""
    published_data_changed(kwargs.get("using"), entity_countries(Q(pk=instance.entity_id)))


SIGNALS = {"saved": post_save, "deleted": post_delete}
for when, signal in SIGNALS.items():
    for model in (
        Country,
        Region,
        EntityType,
        Sector,
        SustainableDevelopmentGoal,
        Feature,
        Release,
    ):
        signal.connect(
            reference_changed, sender=model, dispatch_uid=f"fresh-{model.__name__}-{when}"
        )
    for model in (ExternalIdentifier, Provenance):
        signal.connect(
            entity_part_changed, sender=model, dispatch_uid=f"fresh-{model.__name__}-{when}"
        )
    signal.connect(
        country_text_changed,
        sender=CountryRecommendation,
        dispatch_uid=f"fresh-recommendation-{when}",
    )
