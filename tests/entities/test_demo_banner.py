"""While any demo record exists, every public page and the admin say so."""

import pytest
from django.test import Client

from entities.demo_data import demo_data_present
from entities.models import Entity

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

BANNER = "Demonstration data: not real entities"
PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/th/",
    "/entities/",
    "/tapestry/",
    "/compare/?country=TH,VN",
    "/methodology/",
    "/entities/999999/",
]
ADMIN_PAGES = ["/admin/", "/admin/entities/entity/", "/admin/research/assessment/"]


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def page(client, url):
    return client.get(url).content.decode()


def test_no_banner_without_demo_records(client, admin_client, entities):
    for url in PUBLIC_PAGES:
        assert BANNER not in page(client, url), url
    for url in ADMIN_PAGES:
        assert BANNER not in page(admin_client, url), url
    assert BANNER not in page(Client(), "/admin/login/")


def test_banner_on_public_pages_and_admin_while_a_demo_record_exists(
    client, admin_client, entities
):
    EntityFactory(is_demo=True, status=Entity.Status.PUBLISHED)
    for url in [*PUBLIC_PAGES, f"/entities/{entities['th_coop'].pk}/"]:
        assert BANNER in page(client, url), url
    for url in ADMIN_PAGES:
        assert BANNER in page(admin_client, url), url
    assert BANNER in page(Client(), "/admin/login/")


def test_the_banner_costs_one_query_per_data_version(client, entities, django_assert_num_queries):
    with django_assert_num_queries(1):  # EXISTS a demo entity
        assert demo_data_present() is False
    with django_assert_num_queries(0):  # cached until the published data changes
        assert demo_data_present() is False
    EntityFactory(is_demo=True, status=Entity.Status.PUBLISHED)
    assert demo_data_present() is True


def test_a_demo_draft_counts_too(client, entities):
    EntityFactory(is_demo=True, status=Entity.Status.DRAFT)
    assert BANNER in page(client, "/entities/")
