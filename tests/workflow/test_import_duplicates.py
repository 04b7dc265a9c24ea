"""Likely duplicates by what identifies an entity besides its name: the
registration number (without spaces, punctuation or case) and the website
(without scheme, "www.", trailing slash or case), between two rows of a file
and against the stored entities of any status, each stored match named with
its region, its id and a link to its admin page."""

import pytest
from django.urls import reverse

from entities.models import Entity
from workflow.duplicates import registration_key, website_key

from ..factories import EntityFactory
from ..importing import (
    another_row,
    csv_upload,
    draft_entity,
    import_file,
    make_user,
    preview,
    row_errors,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://www.BanPaSang.org/", "banpasang.org"),
        ("http://banpasang.org/shop/", "HTTPS://WWW.banpasang.org/shop"),
        ("banpasang.org#contact", "https://banpasang.org"),
    ],
)
def test_websites_are_compared_without_scheme_www_slash_or_case(one, other):
    assert website_key(one) == website_key(other)


def test_two_pages_on_one_site_are_two_websites():
    assert website_key("https://facebook.com/banpasang") != website_key(
        "https://www.facebook.com/banhuaihom"
    )
    assert website_key("") == website_key("   ") == ""


def test_registration_numbers_are_compared_without_spaces_punctuation_or_case():
    assert registration_key("5-50-07-08/1-0142") == registration_key(" 5 50 07 08 1 0142 ")
    assert registration_key("ce-0142") == registration_key("CE 0142")
    assert registration_key("CE-0142") != registration_key("CE-0143")


# --- two rows of a file ----------------------------------------------------------------


def test_two_rows_with_one_website_are_flagged(client, researcher):
    rows = [
        another_row("Ban Pa Sang Coffee Group", website="https://www.BanPaSang.org/"),
        another_row("Pa Sang Organic Roasters", website="http://banpasang.org"),
    ]

    errors = row_errors(preview(client, csv_upload(rows)))

    assert [(row, column) for row, column, _message in errors] == [(3, "website")]
    assert "same entity as row 2 (same website)" in errors[0][2]


def test_two_rows_with_one_registration_number_written_differently_are_flagged(client, researcher):
    rows = [
        another_row("Ban Pa Sang Coffee Group", registered="yes", registration_number="CE-0142"),
        another_row("Pa Sang Organic Roasters", registered="yes", registration_number="ce 0142"),
    ]

    errors = row_errors(preview(client, csv_upload(rows)))

    assert [(row, column) for row, column, _message in errors] == [(3, "registration_number")]
    assert "same entity as row 2 (same registration number)" in errors[0][2]


def test_one_website_in_two_countries_is_not_flagged(client):
    client.force_login(make_user("National researcher", ["TH", "VN"]))
    rows = [
        another_row("Ban Pa Sang Coffee Group", website="https://banpasang.org"),
        another_row(
            "Pa Sang Coffee Vietnam", country="VN", region="", website="http://BANPASANG.org"
        ),
    ]
    assert row_errors(preview(client, csv_upload(rows))) == []


# --- against the stored entities ----------------------------------------------------------


def test_a_stored_entity_with_the_same_website_is_linked_with_its_region_and_id(
    client, researcher
):
    stored = EntityFactory(
        name="Pa Sang Organic Roasters",
        region_id="TH-50",
        website="http://www.banpasang.org/",
        status=Entity.Status.IN_REVIEW,
    )
    row = another_row("Ban Pa Sang Coffee Group", website="https://BanPaSang.org")

    response = preview(client, csv_upload([row]))

    [(number, column, message)] = row_errors(response)
    assert (number, column) == (2, "website")
    link = f'<a href="{reverse("admin:entities_entity_change", args=[stored.pk])}"'
    assert link in message
    assert f"(Chiang Mai, #{stored.pk}, same website)" in message
    assert link in response.content.decode()  # a link on the page, not escaped


def test_a_stored_entity_with_the_number_written_differently_is_linked(client, researcher):
    stored = EntityFactory(
        name="Pa Sang Organic Roasters",
        registered=True,
        registration_number="5 50 07 08 1 0142",
        status=Entity.Status.PUBLISHED,
    )
    row = another_row(
        "Ban Pa Sang Coffee Group", registered="yes", registration_number="5-50-07-08/1-0142"
    )

    [(number, column, message)] = row_errors(preview(client, csv_upload([row])))

    assert (number, column) == (2, "registration_number")
    assert reverse("admin:entities_entity_change", args=[stored.pk]) in message
    assert f"#{stored.pk}, same registration number" in message


def test_a_drafts_website_counts_whoever_wrote_it(client, researcher):
    draft_entity(name="Pa Sang Organic Roasters", website="https://banpasang.org/")
    row = another_row("Ban Pa Sang Coffee Group", website="http://BANPASANG.org")
    assert [
        column for _row, column, _message in row_errors(preview(client, csv_upload([row])))
    ] == ["website"]


def test_confirmed_distinct_lets_a_row_with_a_known_website_through(client, researcher):
    EntityFactory(name="Pa Sang Organic Roasters", website="https://banpasang.org/")
    row = another_row(
        "Ban Pa Sang Coffee Group", website="http://BANPASANG.org", confirmed_distinct="yes"
    )
    import_file(client, csv_upload([row]))
    assert Entity.objects.count() == 2


def test_changing_another_column_of_an_entity_with_a_shared_website_is_not_flagged(
    client, researcher
):
    EntityFactory(name="Pa Sang Organic Roasters", website="https://banpasang.org/")
    mine = draft_entity(name="Ban Pa Sang Coffee Group", website="https://banpasang.org/")
    row = another_row(mine.name, id=str(mine.pk), website=mine.website, description="Coffee.")

    assert row_errors(preview(client, csv_upload([row]))) == []
