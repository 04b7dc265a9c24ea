"""The map of entities (/map/) and the bounding box it shares with the list:
the box filters the list page as it does the API, the map draws the filtered
entities placed in view as points or counted cells, each a link, with the
list of those in view beneath, and a bad value is a 400 naming it."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def html(response):
    return response.content.decode()


def listed(page):
    return re.findall(r'<a href="/entities/\d+/"><strong>([^<]*)</strong>', page)


# --- The box on the list page ---------------------------------------------------------


def test_the_list_page_keeps_only_the_entities_placed_in_the_box(client, entities):
    response = client.get("/entities/", {"bbox": "98,18,99,19"})
    assert response.status_code == 200
    page = html(response)
    assert sorted(unescape(name) for name in listed(page)) == sorted(
        [entities["th_ce"].name, entities["th_ce2"].name]
    )
    # The box is shown among the filters, and unticking it removes it.
    assert 'type="checkbox" name="bbox" value="98,18,99,19" checked' in page


def test_the_tapestry_says_the_box_in_words(client, entities):
    page = html(client.get("/tapestry/", {"bbox": "98.5,18,99,19"}))
    assert "Map area (west, south, east, north): <strong>98.5,18,99,19</strong>" in page


@pytest.mark.parametrize("value", ["1,2,3", "10,0,5,1", "0,0,200,1", "a,b,c,d"])
def test_a_bad_box_on_the_list_page_is_a_400_that_names_it(client, entities, value):
    response = client.get("/entities/", {"bbox": value})
    assert response.status_code == 400
    assert "<strong>bbox</strong>: bbox" in html(response)
