"""On a phone's screen (360 × 740 px): the entity list shows its first results
without scrolling, behind a "Filters (N active)" control, and keeps its count in
sight while filtering; controls are large enough to touch; wide tables scroll
sideways inside their own box, with a visible cue, never the page."""

import re

import pytest

from .conftest import screenshots_taken

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

PHONE = {"width": 360, "height": 740}
CONTENT_WIDTH = PHONE["width"] - 32  # the page's side margins: 1rem each
MIN_TARGET = 24  # px, WCAG 2.2's minimum target size (2.5.8)


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def on_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None, "not displayed"
    return box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


# Controls one taps, in the header and the list, smaller than MIN_TARGET in
# either direction. Links inside running text are exempt (WCAG's "inline").
SMALL_TARGETS = """(minimum) => {
  const targets = document.querySelectorAll(
    ".site-header a, .site-header select, .site-header button, " +
    ".filters summary, .filters label.check, .filters select, .filters button, " +
    ".filters input:not([type=checkbox]):not([type=radio]), .filters a, " +
    ".result-bar a, .entity-list a, .pagination a");
  return [...targets]
    .filter(element => element.getClientRects().length)
    .map(element => [element, element.getBoundingClientRect()])
    .filter(([, box]) => box.width < minimum || box.height < minimum)
    .map(([element, box]) =>
      `${Math.round(box.width)}×${Math.round(box.height)}: ${element.outerHTML.slice(0, 100)}`);
}"""


def shoot(page, screenshot_dir, name):
    shot = screenshot_dir / f"{name}.png"
    page.screenshot(path=shot)
    screenshots_taken.append(shot)


def test_phone_list_shows_results_first_and_keeps_the_count_in_sight(
    open_tab, registry, screenshot_dir
):
    tab = open_tab(viewport=PHONE, has_touch=True, is_mobile=True)
    page = tab.page
    tab.open("/entities/?country=TH")
    shoot(page, screenshot_dir, "phone-entities")

    # The filters wait behind one control that says how many are in force.
    toggle = page.locator(".filters summary")
    expect(toggle).to_have_text(re.compile(r"^\s*Filters\s*\(1 active\)\s*$"))
    expect(page.get_by_role("group", name="Entity type")).to_be_hidden()
    # The count and the first result are on the first screen.
    assert on_first_screen(page.locator("#result-count"))
    assert on_first_screen(page.locator(".entity-list li").first)
    small = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert not small, "targets smaller than 24 px:\n" + "\n".join(small)

    # Open, tick a box: the new count shows at once, in sight, beside the filters.
    toggle.click()
    types = page.get_by_role("group", name="Entity type")
    box = types.get_by_label("Community enterprise", exact=True)
    box.scroll_into_view_if_needed()
    box.check()
    page.wait_for_url(re.compile(r"entity_type=community-enterprise"))
    expect(page.locator("#result-count")).to_have_text("2 entities")
    shown = page.locator(".filter-status")
    expect(shown).to_contain_text("2 entities")
    expect(shown).to_be_in_viewport()
    expect(toggle).to_contain_text("(2 active)")
    small = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert not small, "targets smaller than 24 px:\n" + "\n".join(small)
    shoot(page, screenshot_dir, "phone-entities-filtering")

    # "Show" leads to the results.
    shown.click()
    expect(page.locator(".entity-list li").first).to_be_in_viewport()
    tab.check()


def test_phone_list_without_javascript_offers_the_filters_behind_the_control(open_tab, registry):
    tab = open_tab(viewport=PHONE, java_script_enabled=False)
    page = tab.page
    tab.open("/entities/?country=TH")
    assert on_first_screen(page.locator(".entity-list li").first)
    page.locator(".filters summary").click()
    page.get_by_role("group", name="Entity type").get_by_label("Cooperative", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 entity")
    expect(page.locator(".filters summary")).to_contain_text("(2 active)")
    tab.check()


def test_wide_screen_shows_the_filters_open(open_tab, registry):
    for options in ({}, {"java_script_enabled": False}):
        tab = open_tab(**options)
        tab.open("/entities/?country=TH")
        countries = tab.page.get_by_role("group", name="Country")
        expect(countries).to_be_visible()
        expect(tab.page.locator(".filters summary")).to_be_hidden()
        tab.check()


WIDE_TABLES = {
    "home": "/",
    "compare": "/compare/?country=KH&country=KG&country=MN&country=TH&country=VN",
    "country": "/countries/th/",
    "country-map": "/countries/th/?measure=all_seven&entity_type=community-enterprise",
    "tapestry": "/tapestry/",
    "countries": "/countries/",
}

# Each table: whether it is wider than the box it sits in, and if so whether
# that box scrolls sideways (and shows a cue) or the table is cut off.
TABLES = """() => [...document.querySelectorAll("main table")]
  .filter(table => table.getClientRects().length)
  .map(table => {
    const box = table.closest(".table-scroll");
    const style = box && getComputedStyle(box);
    return {
      table: table.className || table.querySelector("caption")?.textContent.trim().slice(0, 40),
      width: Math.round(table.getBoundingClientRect().width),
      inBox: Boolean(box),
      scrolls: Boolean(box) && ["auto", "scroll"].includes(style.overflowX),
      overflows: Boolean(box) && box.scrollWidth > box.clientWidth,
      boxRight: box ? Math.round(box.getBoundingClientRect().right) : null,
      cue: Boolean(box) && style.backgroundImage.includes("gradient"),
    };
  })"""


@pytest.mark.parametrize("name", WIDE_TABLES)
def test_wide_tables_scroll_in_their_own_box_on_a_phone(open_tab, registry, screenshot_dir, name):
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.open(WIDE_TABLES[name])
    page.locator("main table").first.scroll_into_view_if_needed()
    shoot(page, screenshot_dir, f"phone-table-{name}")
    root = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert root[0] <= root[1], f"the page is {root[0]} px wide on a {root[1]} px screen"
    tables = page.evaluate(TABLES)
    assert tables, "no table on the page"
    for table in tables:
        if table["width"] <= CONTENT_WIDTH and not table["inBox"]:
            continue  # a narrow table, whole on the screen
        assert table["inBox"] and table["scrolls"], f"not in a scrolling box: {table}"
        assert table["boxRight"] <= PHONE["width"], f"its box sticks out: {table}"
        assert table["cue"], f"no cue that it scrolls: {table}"
        if table["width"] > CONTENT_WIDTH:
            assert table["overflows"], f"wider than the screen, its box does not scroll: {table}"
    if name in ("compare", "tapestry"):
        assert any(table["overflows"] for table in tables), tables
    tab.check()
