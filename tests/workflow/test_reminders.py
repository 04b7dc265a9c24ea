"""The daily reminders (manage.py send_reminders): each researcher's records
due for review and drafts returned with a comment, each reviewer's queue; one
e-mail per person per day, none to people without an address or with nothing
waiting, in the person's language."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from entities.models import Entity
from research.models import Assessment
from research.review_due import add_months
from workflow.models import Correspondent, ReminderSent
from workflow.reminders import send_reminders

from ..factories import EntityFactory, assess, researcher, reviewer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
E, A = Entity.Status, Assessment.Status


def months_ago(months):
    return add_months(TODAY, -months)


@pytest.fixture
def people():
    thai = researcher("TH", username="somchai")
    thai.email = "somchai@example.org"
    thai.save()
    viet = researcher("VN", username="lan")
    viet.email = "lan@example.org"
    viet.save()
    quiet = researcher("KH", username="sokha")  # nothing waits in Cambodia
    quiet.email = "sokha@example.org"
    quiet.save()
    no_address = researcher("TH", username="noaddress")
    checker = reviewer()
    checker.email = "reviewer@example.org"
    checker.save()
    return {"thai": thai, "viet": viet, "quiet": quiet, "no_address": no_address, "rev": checker}


@pytest.fixture
def records():
    overdue = EntityFactory(name="Ban Na Rice Mill", country_id="TH")
    assess(overdue, [2] * 7, assessed_on=months_ago(30))
    soon = EntityFactory(name="Ban Hom Weavers & Dyers", country_id="TH")
    assess(soon, [2] * 7, assessed_on=months_ago(23))
    later = EntityFactory(name="Doi Tung Coffee", country_id="TH")
    assess(later, [2] * 7, assessed_on=months_ago(3))
    returned = EntityFactory(
        name="Khlong Toei Savings Group",
        country_id="TH",
        status=E.DRAFT,
        review_comment="Add the evidence for autonomy.",
    )
    assess(returned, [1] * 7, status=A.DRAFT, review_comment="Add the evidence for autonomy.")
    plain_draft = EntityFactory(name="Plain draft", country_id="TH", status=E.DRAFT)
    assess(plain_draft, [1] * 7, status=A.DRAFT)
    in_review = EntityFactory(name="Hop tac xa Tan Phu", country_id="VN", status=E.IN_REVIEW)
    assess(in_review, [2] * 7, status=A.IN_REVIEW)
    vn_published = EntityFactory(name="Hoi An Lanterns", country_id="VN")
    assess(vn_published, [2] * 7, assessed_on=months_ago(6))
    assess(
        vn_published,
        [3] * 7,
        assessed_on=months_ago(1),
        status=A.DRAFT,
        review_comment="Which survey?",
    )


def outbox_by_recipient():
    return {message.to[0]: message for message in mail.outbox}


def test_one_digest_per_person_with_exactly_their_records(people, records):
    sent, skipped = send_reminders()
    assert (sent, skipped) == (3, 0)
    mails = outbox_by_recipient()
    assert set(mails) == {"somchai@example.org", "lan@example.org", "reviewer@example.org"}

    thai = mails["somchai@example.org"].body
    assert "2 records of your countries are due for review" in thai
    overdue_since = add_months(months_ago(30), 24).isoformat()
    assert f"Ban Na Rice Mill (TH): assessed {months_ago(30).isoformat()}; " in thai
    assert f"review overdue since {overdue_since}" in thai
    due = add_months(months_ago(23), 24).isoformat()
    assert f"Ban Hom Weavers & Dyers (TH): assessed {months_ago(23).isoformat()}; " in thai
    assert f"review due {due}" in thai  # plain text: no HTML escaping
    assert "Doi Tung Coffee" not in thai
    assert "Khlong Toei Savings Group (TH): Add the evidence for autonomy." in thai
    assert "Plain draft" not in thai
    assert "Viet" not in thai and "Hoi An" not in thai
    # The entity's returned assessment is told with the entity, once.
    assert thai.count("Add the evidence for autonomy.") == 1
    assert "Awaiting review" not in thai

    viet = mails["lan@example.org"].body
    assert "due for review" not in viet
    assert f"Assessment of Hoi An Lanterns ({months_ago(1).isoformat()}): Which survey?" in viet
    assert "Ban Na" not in viet

    review = mails["reviewer@example.org"].body
    assert "Awaiting review — entities: 1; assessments: 1." in review
    assert "due for review" not in review

    assert set(ReminderSent.objects.values_list("user__username", "sent_on")) == {
        ("somchai", TODAY),
        ("lan", TODAY),
        ("reviewer", TODAY),
    }


def test_a_second_run_the_same_day_sends_nothing(people, records):
    send_reminders()
    mail.outbox.clear()
    assert send_reminders() == (0, 3)
    assert mail.outbox == []


def test_the_next_day_sends_again(people, records):
    send_reminders()
    mail.outbox.clear()
    sent, _ = send_reminders(TODAY + datetime.timedelta(days=1))
    assert sent == 3 and len(mail.outbox) == 3


def test_nobody_without_an_address_or_with_nothing_to_say(people, records):
    send_reminders()
    recipients = {message.to[0] for message in mail.outbox}
    assert "sokha@example.org" not in recipients
    assert not ReminderSent.objects.filter(user__username__in=["sokha", "noaddress"]).exists()


def test_a_reviewer_with_an_empty_queue_gets_nothing(people):
    EntityFactory(name="Published only", country_id="MN")
    assert send_reminders() == (0, 0)
    assert mail.outbox == []


def test_the_reviewers_queue_size(people, records, client):
    for n in range(3):
        entity = EntityFactory(name=f"Queued {n}", country_id="KH", status=E.IN_REVIEW)
        assess(entity, [2] * 7, status=A.IN_REVIEW)
    send_reminders()
    review = outbox_by_recipient()["reviewer@example.org"].body
    assert "Awaiting review — entities: 4; assessments: 4." in review
    # The link opens the admin's list of the entities in review: the work
    # queue the reviewer's home page counts and links to.
    link = next(line for line in review.splitlines() if "queue=awaiting_review" in line)
    client.force_login(people["rev"])
    listed = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert listed.status_code == 200
    assert len(listed.context["cl"].result_list) == 4
    home = client.get(reverse("admin:index")).content.decode()
    assert re.search(r'id="queue-awaiting_review-entity">.*?queue-count">4<', home, re.S)
    assert "Disagreements to reconcile" not in review


def test_a_submitted_independent_assessment_is_counted_as_one_to_reconcile(people, records):
    first = Assessment.objects.get(entity__name="Doi Tung Coffee")
    Assessment.objects.create(
        entity=first.entity,
        assessor=people["thai"],
        assessed_on=TODAY,
        method=first.method,
        independent_of=first,
        status=A.IN_REVIEW,
    )
    send_reminders()
    review = outbox_by_recipient()["reviewer@example.org"].body
    # Not among the assessments awaiting review: it waits to be agreed.
    assert "Awaiting review — entities: 1; assessments: 1." in review
    assert "Disagreements to reconcile: 1" in review
    assert "/admin/research/assessment/?queue=to_reconcile" in review


def test_the_e_mail_in_the_persons_language(people, records):
    Correspondent.objects.create(user=people["thai"], language="th")
    send_reminders()
    thai = outbox_by_recipient()["somchai@example.org"]
    assert thai.subject == f"SSE Registry: งานที่รอคุณอยู่ วันที่ {TODAY.isoformat()}"
    assert thai.body.startswith("สวัสดี somchai")
    assert "ผู้ตรวจสอบส่งกลับเป็นฉบับร่าง พร้อมความเห็น:" in thai.body
    assert "Hello" not in thai.body
    english = outbox_by_recipient()["lan@example.org"]
    assert english.subject == f"SSE Registry: what waits for you on {TODAY.isoformat()}"
    assert english.body.startswith("Hello lan,")


def test_the_command_reports_what_it_sent(people, records, capsys):
    call_command("send_reminders")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "3 reminder(s) sent; 0 already sent today." in out
    assert "0 reminder(s) sent; 3 already sent today." in out
    assert len(mail.outbox) == 3


def test_the_e_mail_language_is_set_on_the_persons_admin_page(people, admin_client):
    page = admin_client.get(reverse("admin:auth_user_change", args=[people["thai"].pk]))
    assert page.status_code == 200
    assert 'name="correspondent-0-language"' in page.content.decode()
