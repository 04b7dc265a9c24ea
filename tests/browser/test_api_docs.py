"""The API docs page (Swagger UI): a way back to the site, and no padlock on
operations that anonymous clients may call (all of them), while partners can
still authorize with their token."""

import pytest
from rest_framework.authtoken.models import Token

from ..factories import UserFactory
from .conftest import WRITES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]


def test_the_api_docs_lead_back_to_the_site_and_lock_nothing(tab, reference_data):
    from playwright.sync_api import expect

    tab.open("/api/docs/")
    page = tab.page
    expect(page.get_by_text("/api/v1/entities/", exact=True).first).to_be_visible()
    assert page.locator(".opblock").count() >= 15
    # Swagger UI draws a padlock button on each operation that needs a token.
    expect(page.locator(".opblock-summary .authorization__btn")).to_have_count(0)
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    page.get_by_role("link", name="SSE Registry").click()
    expect(page).to_have_url(tab.origin + "/")
    tab.check()


@WRITES
def test_try_it_out_sends_the_authorized_token_as_bearer(tab):
    from playwright.sync_api import expect

    key = Token.objects.create(user=UserFactory(username="partner")).key
    tab.open("/api/docs/")
    page = tab.page
    page.get_by_role("button", name="Authorize").click()
    dialog = page.locator(".auth-container").filter(has_text="bearerAuth")
    dialog.locator("input").fill(key)
    dialog.get_by_role("button", name="Apply credentials").click()
    page.get_by_role("button", name="Close").first.click()
    operation = page.locator("#operations-sectors-sectors_list")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_request("**/api/v1/sectors/") as sent:
        operation.get_by_role("button", name="Execute").click()
    assert sent.value.headers["authorization"] == f"Bearer {key}"
    # Accepted (an unknown token would be a 401).
    expect(
        operation.locator(".live-responses-table td.response-col_status:not(.col_header)")
    ).to_have_text("200")
    tab.check()
