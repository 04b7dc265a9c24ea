"""The public's suggestion forms on a phone (360 px), without JavaScript: the
correction form from an entity's page, prefilled, sent, and shown back as
old → new; the new entity form from the list, with the published entity it
may already be, sent once confirmed; a script in the note stays text. Then a
researcher accepts the correction in the admin, a reviewer publishes it, and
the public page shows it."""

import re

import pytest

from entities.models import Suggestion

from ..factories import EntityFactory, researcher, reviewer
from .conftest import WRITES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}
PASSWORD = "correct horse battery staple"
NO_SIDEWAYS_SCROLL = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def fits_the_screen(page):
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the page scrolls sideways at 360 px"


def sign_in(tab, username):
    page = tab.page
    tab.open("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    tab.check()


@WRITES
def test_a_correction_on_a_phone_without_javascript_then_accepted_and_published(open_tab):
    weavers = EntityFactory(
        name="Baan Rak Weavers", country_id="TH", region_id="TH-50", locality="Chiang Mai"
    )
    researcher("TH", username="somchai")
    reviewer()

    stranger = open_tab(viewport=PHONE, has_touch=True, is_mobile=True, java_script_enabled=False)
    page = stranger.page
    stranger.open(f"/th/entities/{weavers.pk}/")
    page.locator(f'a[href="/th/entities/{weavers.pk}/suggest/"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("#id_name")).to_have_value("Baan Rak Weavers")
    expect(page.locator("#id_locality")).to_have_value("Chiang Mai")
    expect(page.locator(".hp")).not_to_be_in_viewport()
    fits_the_screen(page)
    page.locator("#id_locality").fill("Mae Rim")
    page.locator("#id_note").fill('<script>document.title="owned"</script> They moved.')
    page.locator("#id_email").fill("someone@example.org")
    page.locator(".suggest-form button[type=submit]").click()
    expect(page.locator("ins")).to_have_text("Mae Rim")
    expect(page.locator("del")).to_have_text("Chiang Mai")
    expect(page.locator(".plain-text")).to_contain_text("<script>")
    assert page.title() != "owned"
    assert "someone@example.org" not in page.content()
    fits_the_screen(page)
    stranger.check()
    # Sent again (the browser's back and send): still one suggestion.
    page.go_back()
    page.locator(".suggest-form button[type=submit]").click()
    expect(page.locator("ins")).to_have_text("Mae Rim")
    assert Suggestion.objects.count() == 1
    suggestion = Suggestion.objects.get()
    assert suggestion.language == "th"

    thai = open_tab()
    sign_in(thai, "somchai")
    page = thai.page
    expect(page.locator("#queue-suggestions-suggestion .queue-count")).to_have_text("1")
    page.locator("#queue-suggestions-suggestion li a").first.click()
    expect(page.locator(".suggestion-changes")).to_contain_text("Mae Rim")
    page.get_by_role("button", name="Accept: apply to the entity as a draft").click()
    expect(page.locator(".messagelist")).to_contain_text("check it and submit it for review")
    page.get_by_role("link", name="Submit for review").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".workflow-status")).to_contain_text("In review")

    boss = open_tab()
    sign_in(boss, "reviewer")
    page = boss.page
    boss.open(f"/admin/entities/entity/{weavers.pk}/change/")
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("published")

    stranger.open(f"/entities/{weavers.pk}/")
    expect(stranger.page.locator("table")).to_contain_text("Mae Rim")


@WRITES
def test_a_missing_entity_on_a_phone_with_the_published_one_it_may_be(open_tab):
    listed = EntityFactory(name="Doi Tung Coffee Growers", country_id="TH")
    tab = open_tab(viewport=PHONE, has_touch=True, is_mobile=True, java_script_enabled=False)
    page = tab.page
    tab.open("/entities/")
    page.get_by_role("link", name="Suggest an entity we are missing").click()
    fits_the_screen(page)
    page.locator("#id_country").select_option("TH")
    page.locator("#id_name").fill("Doi-Tung coffee growers")
    page.locator("#id_entity_type").select_option("cooperative")
    page.locator("#id_sector").select_option("A")
    page.locator(".suggest-form button[type=submit]").click()
    expect(page.locator(".suggest-listed")).to_contain_text("This may already be listed:")
    expect(page.locator(f'.suggest-listed a[href="/entities/{listed.pk}/"]')).to_be_visible()
    fits_the_screen(page)
    assert not Suggestion.objects.exists()
    page.get_by_label("It is not listed: send my suggestion anyway").check()
    page.locator(".suggest-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    tab.check()
    assert Suggestion.objects.get().proposed["name"] == "Doi-Tung coffee growers"
