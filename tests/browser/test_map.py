"""The map of entities (/map/) in a browser: without JavaScript the server's
drawing and the list beneath it, a cell leading to the list of its entities;
with it, a Leaflet map that asks nothing of another host (no tile server is
set), fits a phone's screen, and leads from a filter to an entity.

With JavaScript the page asks the API's /api/v1/map/cells/ and
/api/v1/regions/?format=geojson; those tests need them served."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from entities import map_cells

from .conftest import THAILAND
from .test_phone import PHONE, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

# Chiang Mai's three entities (none with coordinates) share its region's point.
CHIANG_MAI = [
    "Ban Don Weaving Community Enterprise",
    "Ban Mae Tha Homestay Community Enterprise",
    "Chiang Mai Organic Farmers Association",
]


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def test_without_javascript_the_drawing_and_the_list_show_and_a_cell_leads_to_its_entities(
    open_tab, registry
):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.open("/map/?country=TH")
    expect(page.locator("svg.entity-map")).to_be_visible()
    expect(page.locator("#in-view-list")).to_contain_text(THAILAND[0])
    expect(page.locator("#in-view-count")).to_contain_text("5 entities on this map.")
    cell = page.locator("svg.entity-map a", has=page.locator("text.map-count", has_text="3"))
    cell.click()
    page.wait_for_url(re.compile(r"/entities/\?country=TH&bbox="))
    names = page.locator(".entity-list li strong").all_text_contents()
    assert sorted(names) == CHIANG_MAI
    tab.check()


def test_with_javascript_the_map_asks_nothing_of_another_host(open_tab, registry):
    tab = open_tab()
    page = tab.page
    tab.open("/map/")
    expect(page.locator("#entity-map.leaflet-container")).to_be_visible()
    expect(page.locator("path.map-region").first).to_be_attached()
    expect(page.locator(".map-count-icon").first).to_be_visible()
    expect(page.locator(".map-point-icon").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    expect(page.locator("#in-view-count")).to_contain_text("in this view")
    page.wait_for_load_state("networkidle")
    tab.check()  # no request to another host, no console error, no error status


def asks_cells(request):
    return "/api/v1/map/cells/" in request.url


def asked_zoom(request):
    return int(re.search(r"[?&]zoom=(\d+)", request.url).group(1))


def test_by_keyboard_a_count_zooms_to_its_cell(open_tab, registry):
    tab = open_tab()
    page = tab.page
    with page.expect_request(asks_cells) as first:
        tab.open("/map/")
    count = page.locator(".map-count-icon").first
    expect(count).to_be_visible()
    with page.expect_request(asks_cells) as closer:
        count.focus()
        page.keyboard.press("Enter")
    assert asked_zoom(closer.value) > asked_zoom(first.value)
    # Each view asks for whole cells: its box on the lines of the cells of its
    # zoom (a quarter of a tile), which the grid counted in advance can answer.
    for asked in (first.value, closer.value):
        box = parse_qs(urlsplit(asked.url).query)["bbox"][0]
        size = 360 / 2 ** asked_zoom(asked) / map_cells.CELLS_PER_TILE
        assert all((float(edge) / size).is_integer() for edge in box.split(",")), box
    expect(page.locator(".map-count-icon, .map-point-icon").first).to_be_attached()
    tab.check()


def test_on_a_phone_the_map_fits_the_screen(open_tab, registry, screenshot_dir):
    tab = open_tab(viewport=PHONE, has_touch=True, is_mobile=True)
    page = tab.page
    tab.open("/map/?country=TH")
    expect(page.locator(".map-count-icon").first).to_be_visible()
    shoot(page, screenshot_dir, "phone-map")
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px screen"
    box = page.locator("#entity-map").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    tab.check()


def test_filtering_to_vietnamese_cooperatives_lacking_autonomy_leads_to_one(open_tab, registry):
    tab = open_tab()
    page = tab.page
    tab.open("/map/")
    filters = page.locator("form.filters")
    filters.get_by_label("Viet Nam").check()
    filters.get_by_label("Cooperative").check()
    filters.locator("fieldset", has_text="Lacks all of").get_by_label("Autonomy").check()
    filters.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/map/\?.*lacks=autonomy"))
    expect(page.locator("#in-view-list li")).to_have_count(1)
    point = page.locator(".map-point-icon")
    expect(point).to_have_count(1)
    expect(point).to_have_attribute("title", "Dong Hoa Agricultural Cooperative")
    point.focus()  # the point takes the keyboard: Enter opens the entity
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/entities/{registry['vn_coop'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dong Hoa Agricultural Cooperative")
    tab.check()


def test_by_keyboard_the_list_beneath_the_map_leads_to_an_entity(open_tab, registry):
    tab = open_tab()
    page = tab.page
    tab.open("/map/?country=VN")
    expect(page.locator("#in-view-count")).to_contain_text("in this view")
    link = page.locator("#in-view-list a").first
    name = link.text_content()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entities/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    tab.check()
