"""The research workflow in a real browser: a Thai researcher edits and submits
a draft, a reviewer publishes it and the public sees it; a stale second tab
is refused; another country's record is out of reach; the language switcher."""

import re

import pytest

from entities.models import Entity
from research.models import Assessment

from ..factories import EntityFactory, assess, researcher, reviewer
from .conftest import WRITES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

PASSWORD = "correct horse battery staple"


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def sign_in(tab, username):
    page = tab.page
    tab.open("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    tab.check()


def change_path(entity):
    return f"/admin/entities/entity/{entity.pk}/change/"


@pytest.fixture
def draft(live_server):
    entity = EntityFactory(name="Ban Huai Hom Weavers", status=Entity.Status.DRAFT)
    assess(entity, [3] * 7, status=Assessment.Status.DRAFT)
    return entity


@WRITES
def test_researcher_submits_reviewer_publishes_public_sees(open_tab, draft):
    researcher("TH", username="somchai")
    reviewer()
    elsewhere = EntityFactory(name="Hop tac xa Tan Phu", country_id="VN", status="draft")

    thai = open_tab()
    sign_in(thai, "somchai")
    page = thai.page
    thai.open(change_path(draft))
    page.get_by_label("Locality").fill("Ban Huai Hom")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    expect(page.locator(".workflow-status")).to_contain_text("In review")
    # Now it waits for a reviewer: the researcher reads it but can't change it.
    expect(page.get_by_role("button", name="Save")).to_have_count(0)

    # Another country's record: refused.
    response = page.goto(thai.origin + change_path(elsewhere))
    assert response.status == 403
    thai.problems.clear()

    checker = open_tab()
    sign_in(checker, "reviewer")
    page = checker.page
    checker.open(change_path(draft))
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("published")

    public = open_tab()
    public.open(f"/entities/{draft.pk}/")
    expect(public.page.get_by_role("heading", level=1)).to_contain_text("Ban Huai Hom Weavers")

    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    expect(history).to_contain_text("somchai")
    expect(history).to_contain_text("reviewer")
    expect(history).to_contain_text("Ban Huai Hom")


@WRITES
def test_second_tab_with_a_stale_page_is_refused(open_tab, draft):
    researcher("TH", username="somchai")
    first = open_tab()
    sign_in(first, "somchai")
    second = first.page.context.new_page()
    first.open(change_path(draft))
    second.goto(first.origin + change_path(draft))

    first.page.get_by_label("Locality").fill("Saved in the first tab")
    first.page.get_by_role("button", name="Save and continue editing").click()
    expect(first.page.locator(".messagelist")).to_contain_text("was changed successfully")

    second.locator("#id_name").fill("Renamed in the second tab")
    second.get_by_role("button", name="Save and continue editing").click()
    expect(second.locator(".errornote, .errorlist").first).to_be_visible()
    expect(second.locator("body")).to_contain_text("Someone else saved this record")

    draft.refresh_from_db()
    assert (draft.name, draft.locality) == ("Ban Huai Hom Weavers", "Saved in the first tab")


def test_language_switcher_on_public_and_admin_pages(open_tab, reference_data):
    tab = open_tab()
    page = tab.page
    tab.open("/methodology/")
    page.get_by_label("Language").select_option("th")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "th"
    expect(page.locator("main")).to_contain_text("ครบถ้วน")  # "Full", the score label

    tab.open("/admin/login/")
    page.get_by_label(re.compile("ภาษา|Language")).select_option("vi")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    tab.check()


def choose_in_autocomplete(page, field, text):
    """Choose ``text`` in the admin's autocomplete (Select2) list ``field``."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


@WRITES
def test_choosing_a_country_narrows_the_regions_to_its_own(open_tab):
    researcher("KG", "MN", username="aigul")
    tab = open_tab()
    sign_in(tab, "aigul")
    page = tab.page
    tab.open("/admin/entities/entity/add/")
    region = page.locator("#id_region")
    regions = region.locator("option:not([value=''])")
    # No country yet: both countries' regions, grouped.
    expect(region.locator("optgroup")).to_have_count(2)

    choose_in_autocomplete(page, "country", "Mongolia")
    expect(region.locator("optgroup")).to_have_count(0)
    values = regions.evaluate_all("options => options.map(option => option.value)")
    assert len(values) == 22 and all(value.startswith("MN-") for value in values)
    region.select_option(values[0])

    choose_in_autocomplete(page, "country", "Kyrgyzstan")
    expect(regions.first).to_have_attribute("value", re.compile("^KG-"))
    values = regions.evaluate_all("options => options.map(option => option.value)")
    assert len(values) == 9 and all(value.startswith("KG-") for value in values)
    # The Mongolian region chosen before is no longer chosen.
    assert region.input_value() == ""
    tab.check()
