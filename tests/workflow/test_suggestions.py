"""The public's suggestions in the back office: the queue on the admin's home
page, scoped by country; accepting (a new draft entity, or a correction
applied to its entity as a draft), merging into another entity, rejecting
with a reason; never published but by a reviewer; the history and the
provenance; the suggester told by e-mail in their language, their address
deleted then, or after SUGGESTION_EMAIL_DAYS days. And the whole way: the
public form, a researcher accepting, a reviewer publishing, the public page
showing the change."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from entities.models import Entity, Provenance, Suggestion
from entities.suggestions import new_token, purge_emails
from workflow import suggestions

from ..factories import EntityFactory, researcher, reviewer

pytestmark = pytest.mark.django_db
E, S = Entity.Status, Suggestion.Status


@pytest.fixture
def thai():
    return researcher("TH", username="somchai")


@pytest.fixture
def viet():
    return researcher("VN", username="lan")


@pytest.fixture
def weavers():
    return EntityFactory(
        id=12345,  # a number a page would write "12,345" if it localised it
        name="Baan Rak Weavers",
        country_id="TH",
        region_id="TH-50",
        locality="Chiang Mai",
    )


def suggest(kind="correction", entity=None, country="TH", proposed=None, **fields):
    return Suggestion.objects.create(
        kind=kind,
        entity=entity,
        country_id=country,
        proposed=proposed or {},
        language=fields.pop("language", "en"),
        token=new_token(),
        **fields,
    )


def handle(client, suggestion, **data):
    return client.post(reverse("admin:entities_suggestion_handle", args=[suggestion.pk]), data)


# --- The queue and the scope ------------------------------------------------------


def test_the_queue_shows_each_persons_countries_pending_suggestions(client, thai, viet):
    boss = reviewer()
    suggest(kind="new", country="TH", proposed={"name": "Thai Coop"})
    suggest(kind="new", country="VN", proposed={"name": "Viet Coop"})
    suggest(kind="new", country="TH", proposed={"name": "Done"}, status=S.REJECTED)
    for user, shown, hidden, count in [
        (thai, "Thai Coop", "Viet Coop", 1),
        (viet, "Viet Coop", "Thai Coop", 1),
        (boss, "Thai Coop", "Done", 2),
    ]:
        client.force_login(user)
        page = client.get(reverse("admin:index")).content.decode()
        queue = re.search(r'id="queue-suggestions-suggestion".*?</div>', page, re.S)[0]
        assert "Suggestions from the public" in queue
        assert f'<span class="queue-count">{count}</span>' in queue
        assert shown in queue and hidden not in queue
        listed = client.get(reverse("admin:entities_suggestion_changelist") + "?queue=suggestions")
        assert listed.status_code == 200
        assert shown in listed.content.decode() and hidden not in listed.content.decode()


def test_a_researcher_of_vn_can_neither_see_nor_handle_a_thai_suggestion(client, viet, weavers):
    suggestion = suggest(entity=weavers, proposed={"locality": "Mae Rim"})
    client.force_login(viet)
    page = reverse("admin:entities_suggestion_change", args=[suggestion.pk])
    assert client.get(page).status_code == 403
    for action in ("accept", "reject"):
        response = handle(client, suggestion, action=action, reason="no")
        assert response.status_code == 403
    assert handle(client, suggestion, action="merge", target=weavers.pk).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == S.PENDING
    weavers.refresh_from_db()
    assert weavers.locality == "Chiang Mai" and weavers.status == E.PUBLISHED
    with pytest.raises(suggestions.Refused):
        suggestions.accept(viet, suggestion)


def test_the_admin_shows_a_strangers_text_as_plain_text(client, thai, weavers):
    payload = '<script>alert(1)</script> <a href="javascript:x">x</a> https://evil.example'
    suggestion = suggest(
        entity=weavers,
        proposed={"locality": payload},
        previous={"locality": "Chiang Mai"},
        note=payload,
        sources=payload,
        email="person@example.org",
    )
    client.force_login(thai)
    page = client.get(reverse("admin:entities_suggestion_change", args=[suggestion.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:x"' not in html
    assert 'href="https://evil.example' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<del>Chiang Mai</del>" in html
    assert "Accept: apply to the entity as a draft" in html


# --- Accept, merge, reject ----------------------------------------------------------


def test_accepting_a_new_entity_makes_a_draft_with_provenance_and_history(client, thai):
    suggestion = suggest(
        kind="new",
        proposed={
            "name": "Doi Tung Coffee Growers",
            "entity_type": "cooperative",
            "sector": "A",
            "region": "TH-57",
            "latitude": "20.3",
            "longitude": "99.8",
            "location_precision": "locality",
        },
    )
    client.force_login(thai)
    response = handle(client, suggestion, action="accept")
    entity = Entity.objects.get(name="Doi Tung Coffee Growers")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:entities_entity_change", args=[entity.pk])
    assert entity.status == E.DRAFT
    assert entity.created_by == thai
    assert entity.region_id == "TH-57" and str(entity.latitude) == "20.300000"
    suggestion.refresh_from_db()
    assert suggestion.status == S.ACCEPTED
    assert suggestion.handled_by == thai and suggestion.handled_at is not None
    assert suggestion.result == entity
    provenance = Provenance.objects.get(entity=entity)
    assert provenance.source_name == "Public suggestion"
    assert provenance.record_id == str(suggestion.pk)
    reason = entity.history.first().history_change_reason
    assert reason.startswith(f"Public suggestion {suggestion.pk} accepted: name, entity_type")
    assert len(reason) <= 100
    assert suggestion.history.first().history_change_reason == "accepted"


def test_accepting_a_correction_returns_the_entity_to_draft_with_the_changes(thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"locality": "Mae Rim", "members": 55})
    suggestions.accept(thai, suggestion)
    weavers.refresh_from_db()
    assert weavers.status == E.DRAFT  # off the public registry until a reviewer publishes
    assert (weavers.locality, weavers.members) == ("Mae Rim", 55)
    assert f"public suggestion {suggestion.pk}" in weavers.review_comment
    assert not Entity.objects.published().filter(pk=weavers.pk).exists()


def test_a_suggestion_no_longer_valid_is_refused_with_a_message(client, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"region": "VN-01"})
    client.force_login(thai)
    response = handle(client, suggestion, action="accept")
    assert response.status_code == 400
    assert "no longer fits" in response.content.decode()
    weavers.refresh_from_db()
    assert weavers.region_id == "TH-50" and weavers.status == E.PUBLISHED


def test_a_withdrawn_entity_is_not_brought_back_by_a_suggestion(client, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"members": 9})
    Entity.objects.filter(pk=weavers.pk).update(status=E.WITHDRAWN)
    client.force_login(thai)
    response = handle(client, suggestion, action="accept")
    assert response.status_code == 409
    assert "is withdrawn" in response.content.decode()
    weavers.refresh_from_db()
    assert weavers.status == E.WITHDRAWN and weavers.members is None
    assert Suggestion.objects.get().status == S.PENDING


def test_handled_once_only(client, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"members": 9})
    client.force_login(thai)
    assert handle(client, suggestion, action="accept").status_code == 302
    again = handle(client, suggestion, action="reject", reason="dup")
    assert again.status_code == 409
    assert "handled already" in again.content.decode()


def test_merging_a_new_entity_into_an_existing_one(client, thai, weavers):
    elsewhere = EntityFactory(name="Hanoi Weavers", country_id="VN")
    suggestion = suggest(
        kind="new",
        proposed={"name": "Baan-Rak weavers", "website": "https://weave.example.org"},
    )
    client.force_login(thai)
    page = client.get(reverse("admin:entities_suggestion_change", args=[suggestion.pk]))
    # A likely duplicate, offered by its number as a number (never "12,345").
    assert f'value="{weavers.pk}"' in page.content.decode()
    assert handle(client, suggestion, action="merge", target="").status_code == 400
    assert handle(client, suggestion, action="merge", target=elsewhere.pk).status_code == 400
    response = handle(client, suggestion, action="merge", target=str(weavers.pk))
    assert response.status_code == 302
    weavers.refresh_from_db()
    assert weavers.name == "Baan-Rak weavers"
    assert weavers.website == "https://weave.example.org"
    assert weavers.status == E.DRAFT
    suggestion.refresh_from_db()
    assert suggestion.status == S.MERGED and suggestion.result == weavers


def test_rejecting_needs_a_reason(client, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"members": 1})
    client.force_login(thai)
    assert handle(client, suggestion, action="reject", reason=" ").status_code == 400
    assert handle(client, suggestion, action="nonsense").status_code == 400
    response = handle(client, suggestion, action="reject", reason="No source for this.")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reason) == (S.REJECTED, "No source for this.")
    weavers.refresh_from_db()
    assert weavers.members is None and weavers.status == E.PUBLISHED


def test_the_admin_never_adds_or_edits_a_suggestion(client, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"members": 1})
    client.force_login(thai)
    assert client.get(reverse("admin:entities_suggestion_add")).status_code == 403
    change = reverse("admin:entities_suggestion_change", args=[suggestion.pk])
    response = client.post(change, {"status": "accepted", "email": "x@example.org"})
    assert response.status_code == 403
    handle_url = reverse("admin:entities_suggestion_handle", args=[suggestion.pk])
    assert client.get(handle_url).status_code == 405


# --- Telling the suggester ------------------------------------------------------------


def test_the_suggester_is_told_in_their_language_and_their_address_deleted(
    django_capture_on_commit_callbacks, monkeypatch, thai, weavers
):
    rendered_in = []
    render = suggestions.render_to_string

    def recording(*args, **kwargs):
        rendered_in.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(suggestions, "render_to_string", recording)
    suggestion = suggest(
        entity=weavers, proposed={"members": 7}, email="someone@example.org", language="th"
    )
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.reject(thai, suggestion, "ไม่มีแหล่งที่มา")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["someone@example.org"]
    assert "ไม่มีแหล่งที่มา" in message.body
    assert rendered_in == ["th"]
    suggestion.refresh_from_db()
    assert suggestion.email == ""


def test_no_email_without_an_address(django_capture_on_commit_callbacks, thai, weavers):
    suggestion = suggest(entity=weavers, proposed={"members": 7})
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.accept(thai, suggestion)
    assert mail.outbox == []


def test_addresses_are_deleted_after_the_days_set(settings):
    settings.SUGGESTION_EMAIL_DAYS = 30
    old = suggest(kind="new", proposed={"name": "Old"}, email="old@example.org")
    new = suggest(kind="new", proposed={"name": "New"}, email="new@example.org")
    Suggestion.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert purge_emails() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.email, new.email) == ("", "new@example.org")
    Suggestion.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("purge_suggestion_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new.refresh_from_db()
    assert new.email == ""
    Suggestion.objects.filter(pk=new.pk).update(email="again@example.org")
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new.refresh_from_db()
    assert new.email == ""


# --- The whole way ------------------------------------------------------------------------


def test_public_form_to_researcher_to_reviewer_to_public_page(client, thai, weavers):
    boss = reviewer()
    # A stranger suggests a correction.
    form_page = client.get(reverse("suggest-correction", args=[weavers.pk]))
    token = re.search(r'name="token" value="([0-9a-f]{32})"', form_page.content.decode())[1]
    posted = client.post(
        reverse("suggest-correction", args=[weavers.pk]),
        {
            "token": token,
            "name": "Baan Rak Weavers",
            "entity_type": "cooperative",
            "sector": "A",
            "region": "TH-50",
            "locality": "Mae Rim",
            "members": "55",
            "note": "They moved in 2025.",
            "sources": "Provincial office",
        },
    )
    assert posted.status_code == 200
    suggestion = Suggestion.objects.get()
    assert suggestion.proposed == {"locality": "Mae Rim", "members": 55}
    client.logout()

    # The researcher of the country accepts it into a draft and submits it.
    client.force_login(thai)
    assert handle(client, suggestion, action="accept").status_code == 302
    weavers.refresh_from_db()
    assert weavers.status == E.DRAFT
    public_page = reverse("entity-detail", args=[weavers.pk])
    client.logout()
    assert client.get(public_page).status_code == 404  # nothing public before a reviewer
    client.force_login(thai)
    submit = reverse("admin:entities_entity_transition", args=[weavers.pk, "submit"])
    assert client.post(submit, {"version": weavers.version}).status_code == 302
    client.logout()

    # A reviewer publishes it; the public page shows the change.
    client.force_login(boss)
    weavers.refresh_from_db()
    publish = reverse("admin:entities_entity_transition", args=[weavers.pk, "publish"])
    assert client.post(publish, {"version": weavers.version}).status_code == 302
    client.logout()
    page = client.get(public_page).content.decode()
    assert re.search(r"Locality</th><td>Mae Rim</td>", page)
    assert "They moved in 2025." not in page  # the note is never public
