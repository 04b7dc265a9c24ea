"""The map beside an entity's coordinates in the admin form: a researcher
clicks it and the latitude and longitude are filled in and saved; typing
moves the marker, dragging it fills the fields, a button clears them; the
country's boundaries follow the country chosen; a page the user may only
read shows the place without changing it; without JavaScript the form is
the plain form; on a phone the map fits the screen. No request leaves the
registry's host (no tile server is set) and the console stays clean."""

import re
from decimal import Decimal

import pytest

from entities.models import Entity

from ..factories import EntityFactory, researcher, reviewer
from .conftest import WRITES
from .test_phone import PHONE, shoot
from .test_workflow import change_path, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

MAP = ".coordinate-picker-map.leaflet-container"
# Thailand's box (entities/geodata/regions.json), as the map first frames it.
THAI_LATITUDES = (5.6, 20.5)
THAI_LONGITUDES = (97.3, 105.7)


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def five_places(text):
    return re.fullmatch(r"-?\d{1,3}(\.\d{1,5})?", text) is not None


def marker_centre(page):
    box = page.locator(".coordinate-picker .leaflet-marker-icon").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def marker_on_map(page):
    """Where the marker stands on the map, in pixels from its corner."""
    pin = page.locator(".coordinate-picker .leaflet-marker-icon").bounding_box()
    frame = page.locator(MAP).bounding_box()
    return pin["x"] - frame["x"], pin["y"] - frame["y"]


@WRITES
def test_a_researcher_clicks_the_map_and_the_place_is_saved(open_tab, live_server, screenshot_dir):
    draft = EntityFactory(name="Ban Huai Hom Weavers", status=Entity.Status.DRAFT)
    researcher("TH", username="somchai")
    tab = open_tab()
    sign_in(tab, "somchai")
    page = tab.page
    with page.expect_response(lambda r: "/api/v1/regions/" in r.url) as regions:
        tab.open(change_path(draft))
    assert "country=TH" in regions.value.url and "format=geojson" in regions.value.url
    expect(page.locator(MAP)).to_be_visible()
    expect(page.locator("path.coordinate-picker-region").first).to_be_attached()
    expect(page.locator(".coordinate-picker-credit")).to_contain_text("Natural Earth")
    # The map is an aid: hidden from assistive technology, nothing in it takes the focus.
    expect(page.locator(".coordinate-picker-aid")).to_have_attribute("aria-hidden", "true")
    focusable = page.locator(
        ".coordinate-picker-aid a:not([tabindex='-1']), "
        ".coordinate-picker-aid [tabindex]:not([tabindex='-1'])"
    )
    expect(focusable).to_have_count(0)
    expect(page.locator(".coordinate-picker .leaflet-marker-icon")).to_have_count(0)

    # A click in the middle of the map (of Thailand): the fields filled, the precision "exact".
    page.locator(MAP).click()
    latitude = page.locator("#id_latitude")
    longitude = page.locator("#id_longitude")
    expect(latitude).not_to_have_value("")
    picked = latitude.input_value(), longitude.input_value()
    assert all(five_places(value) for value in picked), picked
    assert THAI_LATITUDES[0] < float(picked[0]) < THAI_LATITUDES[1], picked
    assert THAI_LONGITUDES[0] < float(picked[1]) < THAI_LONGITUDES[1], picked
    expect(page.locator("#id_location_precision")).to_have_value("exact")
    expect(page.locator(".coordinate-picker .leaflet-marker-icon")).to_be_visible()
    page.locator(".coordinate-picker").scroll_into_view_if_needed()
    shoot(page, screenshot_dir, "admin-coordinate-picker")

    # Typing moves the marker; dragging it fills the fields again.
    before = marker_centre(page)
    latitude.fill("15")
    longitude.fill("100")
    after = marker_centre(page)
    assert after != before
    page.mouse.move(*after)
    page.mouse.down()
    page.mouse.move(after[0] + 30, after[1] + 30, steps=5)
    page.mouse.up()
    dragged = latitude.input_value(), longitude.input_value()
    assert float(dragged[0]) < 15 and float(dragged[1]) > 100, dragged
    assert all(five_places(value) for value in dragged), dragged

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert (draft.latitude, draft.longitude) == tuple(Decimal(value) for value in dragged)
    assert draft.location_precision == "exact"
    # The saved place is where the marker stands on the page that comes back.
    expect(page.locator(".coordinate-picker .leaflet-marker-icon")).to_be_visible()
    expect(latitude).to_have_value(dragged[0])

    # "Clear the coordinates" empties the three fields, and the save clears them.
    page.get_by_role("button", name="Clear the coordinates").click()
    expect(latitude).to_have_value("")
    expect(longitude).to_have_value("")
    expect(page.locator("#id_location_precision")).to_have_value("")
    expect(page.locator(".coordinate-picker .leaflet-marker-icon")).to_have_count(0)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert (draft.latitude, draft.longitude, draft.location_precision) == (None, None, "")
    page.wait_for_load_state("networkidle")
    tab.check()  # no request to another host, no console error, no error status


@WRITES
def test_the_boundaries_follow_the_country_chosen(open_tab, live_server):
    draft = EntityFactory(name="Hop tac xa Tan Phu", status=Entity.Status.DRAFT)
    reviewer()
    tab = open_tab()
    sign_in(tab, "reviewer")
    page = tab.page
    tab.open(change_path(draft))
    expect(page.locator("path.coordinate-picker-region").first).to_be_attached()
    with page.expect_response(lambda r: "/api/v1/regions/" in r.url) as regions:
        page.locator("[aria-labelledby=select2-id_country-container]").click()
        page.locator(".select2-search__field").fill("Viet")
        page.locator(".select2-results__option", has_text="Viet Nam").click()
    assert "country=VN" in regions.value.url and regions.value.ok
    # The map now frames Viet Nam: a click lands there.
    page.locator(MAP).click()
    latitude = float(page.locator("#id_latitude").input_value())
    longitude = float(page.locator("#id_longitude").input_value())
    assert 8 < latitude < 24 and 102 < longitude < 110, (latitude, longitude)
    page.wait_for_load_state("networkidle")
    tab.check()


@WRITES
def test_a_page_the_user_may_only_read_shows_the_place_and_changes_nothing(open_tab, live_server):
    entity = EntityFactory(
        name="Ban Don Weaving Community Enterprise",
        status=Entity.Status.IN_REVIEW,
        latitude=Decimal("18.79"),
        longitude=Decimal("98.98"),
        location_precision="locality",
    )
    researcher("TH", username="somchai")
    tab = open_tab()
    sign_in(tab, "somchai")
    page = tab.page
    tab.open(change_path(entity))
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.locator(MAP)).to_be_visible()
    expect(page.locator(".coordinate-picker .leaflet-marker-icon")).to_be_visible()
    expect(page.get_by_role("button", name="Clear the coordinates")).to_have_count(0)
    before = marker_on_map(page)
    page.locator(MAP).click(position={"x": 200, "y": 200})
    page.mouse.move(0, 0)
    assert marker_on_map(page) == before
    expect(page.locator("#id_latitude")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    tab.check()


@WRITES
def test_without_javascript_the_form_is_the_plain_form(open_tab, live_server):
    draft = EntityFactory(name="Ban Huai Hom Weavers", status=Entity.Status.DRAFT)
    researcher("TH", username="somchai")
    tab = open_tab(java_script_enabled=False)
    sign_in(tab, "somchai")
    page = tab.page
    tab.open(change_path(draft))
    expect(page.locator(".coordinate-picker")).to_have_count(0)
    page.locator("#id_latitude").fill("13,75633")
    page.locator("#id_longitude").fill("100.50177")
    page.locator("#id_location_precision").select_option("locality")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert (draft.latitude, draft.longitude) == (Decimal("13.75633"), Decimal("100.50177"))
    tab.check()


@WRITES
def test_on_a_phone_the_map_fits_the_screen(open_tab, live_server, screenshot_dir):
    draft = EntityFactory(name="Ban Huai Hom Weavers", status=Entity.Status.DRAFT)
    researcher("TH", username="somchai")
    tab = open_tab(viewport=PHONE, has_touch=True, is_mobile=True)
    sign_in(tab, "somchai")
    page = tab.page
    tab.open(change_path(draft))
    picker = page.locator(".coordinate-picker")
    picker.scroll_into_view_if_needed()
    expect(page.locator(MAP)).to_be_visible()
    shoot(page, screenshot_dir, "phone-admin-coordinate-picker")
    for part in (MAP, ".coordinate-picker-clear", "#id_latitude", "#id_longitude"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (part, box)
    page.locator(MAP).tap()
    expect(page.locator("#id_latitude")).not_to_have_value("")
    expect(page.locator("#id_location_precision")).to_have_value("exact")
    tab.check()
