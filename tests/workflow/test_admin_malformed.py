"""Malformed addresses in the admin: an object id that is not one, a related
record named by something that is not its key, a date or a number out of
range. Every registered admin is walked as a superuser; none answers with a
server error. A 4xx, a redirect with a message, or Django's own handling of
a bad list filter (the "?e=1" page) are the answers expected."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from research.models import Assessment

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
HUGE_YEAR = "99999999999"
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _model_admin in REGISTERED]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def relations(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one or field.many_to_many)
    ]


def dates(model):
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField)  # DateTimeField included
    ]


def changelist_queries(model, model_admin):
    queries = ["pk=abc", f"pk={HUGE}", "id__gt=abc", f"id__lt={HUGE}"]
    for field in dates(model):
        queries += [
            f"{field.name}__year={HUGE_YEAR}",
            f"{field.name}__gte=abc",
            f"{field.name}__lt={HUGE_YEAR}-01-01",
        ]
    if hierarchy := model_admin.date_hierarchy:
        queries += [
            f"{hierarchy}__year={HUGE_YEAR}",
            f"{hierarchy}__year=2026&{hierarchy}__month=13",
            f"{hierarchy}__year=2026&{hierarchy}__month={HUGE_YEAR}",
            f"{hierarchy}__year=2026&{hierarchy}__month=1&{hierarchy}__day=abc",
        ]
    for field in relations(model):
        target = field.target_field.attname
        queries += [
            f"{field.name}__{target}__exact=abc",
            f"{field.name}__{target}__exact=1.5",
            f"{field.name}__{target}__exact={HUGE}",
            f"{field.name}__isnull=abc",
        ]
    return queries


def assert_handled(response, path):
    assert response.status_code < 500, path
    if response.status_code in (301, 302):
        assert response["Location"], path


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_changelist_with_a_malformed_filter_is_no_server_error(admin_client, model, model_admin):
    for query in changelist_queries(model, model_admin):
        path = f"{url(model, 'changelist')}?{query}"
        response = admin_client.get(path)
        assert_handled(response, path)
        if response.status_code == 302:  # Django's "?e=1": a page saying the filter is wrong
            assert admin_client.get(response["Location"]).status_code < 500, path


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_add_view_with_malformed_initial_values_is_no_server_error(
    admin_client, model, model_admin
):
    for field in relations(model):
        for value in ["abc", "1.5", HUGE, "-1"]:
            path = f"{url(model, 'add')}?{field.name}={value}"
            assert_handled(admin_client.get(path), path)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_object_views_with_a_malformed_id_are_no_server_error(admin_client, model, model_admin):
    for object_id in ["abc", HUGE, "-1", "1.5"]:
        for view in ["change", "history", "delete"]:
            path = url(model, view, object_id)
            assert_handled(admin_client.get(path), path)


# --- The addresses that were server errors, answered as the reader needs ------


def test_history_of_an_assessment_that_is_no_id_says_there_is_none(admin_client):
    response = admin_client.get("/admin/research/assessment/abc/history/", follow=True)
    assert response.redirect_chain[0][1] == 302
    page = response.content.decode()
    assert "Assessment with ID “abc” doesn’t exist. Perhaps it was deleted?" in page


@pytest.mark.parametrize("query", ["entity=abc", "entity=1.5", "assessor=abc", f"entity={HUGE}"])
def test_add_assessment_for_an_entity_that_is_no_id_is_refused(admin_client, query):
    response = admin_client.get(f"/admin/research/assessment/add/?{query}")
    assert response.status_code == 400
    name, value = query.split("=")
    page = response.content.decode()
    assert f"“{value}”" in page
    assert str(Assessment._meta.get_field(name).verbose_name) in page
    # In the admin's own layout, with its way home.
    assert 'id="site-name"' in page
    assert 'class="breadcrumbs"' in page


def test_add_assessment_for_an_entity_is_prefilled(admin_client):
    entity = EntityFactory()
    response = admin_client.get(f"/admin/research/assessment/add/?entity={entity.pk}")
    assert response.status_code == 200
    assert f'<option value="{entity.pk}" selected>' in response.content.decode()


def test_assessment_list_with_a_year_out_of_range_says_the_filter_is_wrong(admin_client):
    assess(EntityFactory(), [3] * 7)
    path = f"/admin/research/assessment/?assessed_on__year={HUGE_YEAR}"
    response = admin_client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
    assert admin_client.get(response["Location"]).status_code == 200
