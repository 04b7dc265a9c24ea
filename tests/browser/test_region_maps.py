"""The region maps in a browser: on a phone's screen the whole map fits and its
labels keep their size; a region leads, by mouse or keyboard, to the list of
its entities; the measure and the filters are chosen with or without
JavaScript."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .test_phone import CONTENT_WIDTH, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

# Chiang Mai (TH-50) holds three of the Thai entities of the browser tests' registry.
CHIANG_MAI = re.compile(r"^Chiang Mai: 3 published entities$")


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def query(url):
    return parse_qs(urlsplit(url).query)


def test_on_a_phone_the_map_fits_and_a_region_leads_to_its_entities(open_tab, registry):
    tab = open_tab(viewport=PHONE, has_touch=True, is_mobile=True)
    page = tab.page
    tab.open("/countries/th/")
    drawing = page.locator("svg.region-map")
    box = drawing.bounding_box()
    assert CONTENT_WIDTH - 8 <= box["width"] <= CONTENT_WIDTH, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"
    # The marker's label is drawn at (about) its full size: 12 px.
    label = page.locator("svg.region-map text.map-label", has_text="Phatthaya")
    assert label.bounding_box()["height"] >= 11
    # Each region is a link named by its title.
    region = page.get_by_role("link", name=CHIANG_MAI)
    expect(region).to_have_count(1)
    region.tap()
    page.wait_for_url(re.compile(r"/entities/\?"))
    assert query(page.url) == {"country": ["TH"], "region": ["TH-50"]}
    expect(page.locator("#result-count")).to_have_text("3 entities")
    tab.check()


def test_by_keyboard_a_region_leads_to_its_list_with_the_maps_filters(tab, registry):
    page = tab.page
    tab.open("/countries/th/?measure=all_seven&entity_type=community-enterprise")
    region = page.get_by_role(
        "link", name=re.compile(r"^Chiang Mai: 50% practise all seven features \(1 of 2 assessed")
    )
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entities/\?"))
    assert query(page.url) == {
        "country": ["TH"],
        "region": ["TH-50"],
        "entity_type": ["community-enterprise"],
    }
    expect(page.locator("#result-count")).to_have_text("2 entities")
    tab.check()


@pytest.mark.parametrize("java_script", [True, False])
def test_the_form_colours_the_map_by_the_measure_and_filters_chosen(
    open_tab, registry, java_script
):
    tab = open_tab(java_script_enabled=java_script)
    page = tab.page
    tab.open("/countries/th/")
    form = page.locator("form.map-form")
    form.get_by_label("Share lacking a feature").check()
    form.get_by_label("Feature, for the share lacking it").select_option("autonomy")
    form.get_by_label("Entity type").select_option("community-enterprise")
    with page.expect_navigation():
        form.get_by_role("button", name="Show on the map").click()
    # Only the values chosen reach the address ("Any" is left out).
    assert query(page.url) == {
        "measure": ["lacking"],
        "feature": ["autonomy"],
        "entity_type": ["community-enterprise"],
    }
    expect(page.locator("figure.map-figure .map-title")).to_have_text(
        "Thailand: share lacking Autonomy and independence, by region"
    )
    # Chiang Mai's two community enterprises are assessed on autonomy; neither lacks it.
    expect(
        page.get_by_role(
            "link", name=re.compile(r"^Chiang Mai: 0% lack Autonomy and independence")
        )
    ).to_have_count(1)
    expect(form.get_by_label("Share lacking a feature")).to_be_checked()
    tab.check()
