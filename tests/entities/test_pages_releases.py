"""The releases' pages: /releases/ and /releases/<number>/."""

import pytest
from django.utils import timezone

from entities.models import Entity
from entities.releases import freeze

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases():
    rice = EntityFactory(name="Rice Cooperative", contact_email="qx7-secret@private.invalid")
    assess(rice, [3, 3, 3, 3, 3, 3, 3])
    savers = EntityFactory(name="Savers", country_id="VN")
    first = freeze("2026-12 regional release", notes="For the regional conference.")
    savers.status = Entity.Status.WITHDRAWN
    savers.save()
    newcomer = EntityFactory(name="Newcomer")
    second = freeze("2027-01 update")
    return {"first": first, "second": second, "savers": savers, "newcomer": newcomer}


def test_the_list_shows_each_release_with_counts_and_changes(client, releases):
    response = client.get("/releases/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("2027-01 update") < text.index("2026-12 regional release")
    assert 'href="/releases/1/"' in text and 'href="/releases/2/"' in text
    assert "The first release" in text
    assert "1 added, 1 withdrawn, 0 changed" in text


def test_the_list_says_when_there_is_none(client):
    assert "No release has been made yet." in client.get("/releases/").content.decode()


def test_a_release_page_shows_its_counts_changes_citation_and_licence(client, releases):
    response = client.get("/releases/2/")
    text = response.content.decode()
    assert "<h1>2027-01 update</h1>" in text
    today = timezone.localdate().isoformat()
    citation = f"SSE Registry, 2027-01 update, http://testserver/releases/2/, accessed {today}"
    assert text.count(citation) == 2  # on the page and in its footer
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert f'href="/entities/{releases["newcomer"].pk}/"' in text
    assert f'href="/entities/{releases["savers"].pk}/"' in text
    assert "Against release 1:" in text
    assert "/api/v1/entities/?release=2" in text
    assert "qx7-secret" not in text


def test_the_first_release_page_says_so_and_keeps_its_figures(client, releases):
    text = client.get("/releases/1/").content.decode()
    assert "This is the first release." in text
    assert "For the regional conference." in text
    assert "Viet Nam" in text  # the withdrawn entity's country, as frozen


def test_an_unknown_release_is_a_404(client, releases):
    assert client.get("/releases/9/").status_code == 404


def test_every_page_links_to_the_releases(client):
    assert 'href="/releases/"' in client.get("/").content.decode()


def test_the_pages_link_the_downloads(client, releases):
    for url in ("/releases/", "/releases/1/"):
        text = client.get(url).content.decode()
        assert 'href="/entities/export.csv?release=1"' in text
        assert 'href="/api/v1/releases/1/entities.json"' in text
