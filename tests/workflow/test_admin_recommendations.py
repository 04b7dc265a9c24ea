"""A country's own recommendations in the admin: a reviewer writes one, in
English and other languages, with its history kept; a national researcher
cannot write one, and one of another country cannot even see it."""

import pytest
from django.urls import reverse

from entities.models import CountryRecommendation

from ..factories import researcher, reviewer

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:entities_countryrecommendation_add")
LIST_URL = reverse("admin:entities_countryrecommendation_changelist")


def form(**values):
    return {"country": "TH", "feature": "autonomy", "text_en": "Join the league.", **values}


def change_url(record):
    return reverse("admin:entities_countryrecommendation_change", args=[record.pk])


@pytest.fixture
def thai_text():
    return CountryRecommendation.objects.create(
        country_id="TH", feature_id="autonomy", text_en="Join the league."
    )


def test_a_reviewer_adds_a_translated_recommendation_with_its_history(client):
    client.force_login(reviewer())
    response = client.post(ADD_URL, form(text_th="เข้าร่วมสันนิบาต"))
    assert response.status_code == 302, response.context["errors"]
    record = CountryRecommendation.objects.get()
    assert (record.country_id, record.feature_id) == ("TH", "autonomy")
    assert (record.text_en, record.text_th) == ("Join the league.", "เข้าร่วมสันนิบาต")
    history = record.history.get()
    assert history.history_user.username == "reviewer"
    assert history.text_th == "เข้าร่วมสันนิบาต"
    assert (
        client.get(
            reverse("admin:entities_countryrecommendation_history", args=[record.pk])
        ).status_code
        == 200
    )


def test_a_reviewer_changes_one_but_does_not_delete_it(client, thai_text):
    client.force_login(reviewer())
    response = client.post(change_url(thai_text), form(text_en="Join the national league."))
    assert response.status_code == 302
    thai_text.refresh_from_db()
    assert thai_text.text_en == "Join the national league."
    assert thai_text.history.count() == 2
    delete_url = reverse("admin:entities_countryrecommendation_delete", args=[thai_text.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert CountryRecommendation.objects.filter(pk=thai_text.pk).exists()


def test_one_recommendation_per_country_and_feature(client, thai_text):
    client.force_login(reviewer())
    response = client.post(ADD_URL, form(text_en="Again."))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert CountryRecommendation.objects.count() == 1


def test_english_is_required(client):
    client.force_login(reviewer())
    response = client.post(ADD_URL, form(text_en=""))
    assert response.status_code == 200
    assert not CountryRecommendation.objects.exists()


def test_a_researcher_cannot_add_one(client):
    client.force_login(researcher("TH"))
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, form()).status_code == 403
    assert not CountryRecommendation.objects.exists()


def test_a_researcher_reads_their_countrys_but_cannot_change_it(client, thai_text):
    client.force_login(researcher("TH"))
    assert "Join the league." in client.get(LIST_URL).content.decode()
    response = client.post(change_url(thai_text), form(text_en="Changed."))
    assert response.status_code == 403
    thai_text.refresh_from_db()
    assert thai_text.text_en == "Join the league."


def test_a_researcher_of_another_country_cannot_see_or_change_it(client, thai_text):
    client.force_login(researcher("VN"))
    assert "Join the league." not in client.get(LIST_URL).content.decode()
    assert client.get(change_url(thai_text)).status_code == 403
    assert client.post(change_url(thai_text), form(text_en="Changed.")).status_code == 403
    thai_text.refresh_from_db()
    assert thai_text.text_en == "Join the league."


@pytest.mark.parametrize("who", [lambda: researcher("TH"), reviewer])
def test_a_past_version_is_shown_never_posted_back(client, thai_text, who):
    client.force_login(who())
    version = thai_text.history.get()
    url = reverse(
        "admin:entities_countryrecommendation_simple_history", args=[thai_text.pk, version.pk]
    )
    assert client.get(url).status_code == 200
    response = client.post(url, form(text_en="Rewritten from the history page."))
    assert response.status_code == 403
    thai_text.refresh_from_db()
    assert thai_text.text_en == "Join the league."
    assert thai_text.history.count() == 1


def test_a_history_address_that_is_no_record_is_not_found(client, thai_text):
    client.force_login(reviewer())
    for args in ([thai_text.pk, "abc"], ["abc", 1]):
        url = reverse("admin:entities_countryrecommendation_simple_history", args=args)
        assert client.get(url).status_code in (403, 404), args
