"""Likely duplicates: same country and the same or a very similar name, in
either script, or the same registration number."""

import pytest
from django.urls import reverse

from workflow.duplicates import (
    NEIGHBOURS,
    Reason,
    RowIndex,
    likely_duplicates,
    likely_duplicates_of_many,
    links_to_matches,
)

from ..factories import EntityFactory
from ..importing import another_row, csv_upload, preview, row_errors

pytestmark = pytest.mark.django_db


def found(*args, **kwargs):
    return [
        (entity.name, entity.duplicate_reason) for entity in likely_duplicates(*args, **kwargs)
    ]


@pytest.mark.parametrize(
    "written",
    [
        "ban nong bua rice cooperative",
        "BAN NONG-BUA  Rice Cooperative.",
        "Ban Nong Bua Rice Co-operative",
    ],
)
def test_the_same_name_whatever_its_case_spacing_or_punctuation(written):
    EntityFactory(name="Ban Nong Bua Rice Cooperative")
    assert found("TH", written) == [("Ban Nong Bua Rice Cooperative", Reason.SAME_NAME)]


def test_the_same_vietnamese_name_without_its_accents():
    EntityFactory(name="Hợp tác xã Nông nghiệp Tân Hội", country_id="VN")
    assert found("VN", "Hop tac xa nong nghiep Tan Hoi") == [
        ("Hợp tác xã Nông nghiệp Tân Hội", Reason.SAME_NAME)
    ]


def test_the_same_local_name_across_spacing_and_either_column():
    EntityFactory(name="Ban Don Weaving", name_local="วิสาหกิจชุมชน ทอผ้า บ้านดอน")
    assert found("TH", "Other words", "วิสาหกิจชุมชนทอผ้าบ้านดอน")[0][0] == "Ban Don Weaving"
    # A local name typed into the name column still matches.
    assert found("TH", "วิสาหกิจชุมชนทอผ้าบ้านดอน")[0][0] == "Ban Don Weaving"


def test_the_same_registration_number_in_the_same_country_only():
    EntityFactory(name="Pa Sang Coffee", registered=True, registration_number="5-50-07-08/1-0142")
    EntityFactory(name="Other", country_id="VN", registered=True, registration_number="7")
    assert found("TH", "Something else", registration_number=" 5-50-07-08/1-0142 ") == [
        ("Pa Sang Coffee", Reason.SAME_REGISTRATION_NUMBER)
    ]
    assert found("TH", "Something else", registration_number="7") == []


def test_a_very_similar_name_is_flagged():
    EntityFactory(name="Ban Nong Bua Organic Rice Cooperative")
    assert found("TH", "Ban Nong Bua Organic Rice Cooperatives") == [
        ("Ban Nong Bua Organic Rice Cooperative", Reason.SIMILAR_NAME)
    ]
    assert found("TH", "Ban Nong Bau Organic Rice Cooperative")[0][1] == Reason.SIMILAR_NAME


def test_names_that_differ_in_their_numbers_or_much_are_not_flagged():
    EntityFactory(name="Ban Nong Bua Savings Group 1")
    EntityFactory(name="Ban Nong Bua Rice Cooperative")
    assert found("TH", "Ban Nong Bua Savings Group 2") == []
    assert found("TH", "Ban Nong Bua Weaving Group") == []


def test_another_countrys_entity_and_the_entity_itself_are_left_out():
    own = EntityFactory(name="Ban Nong Bua Rice Cooperative")
    EntityFactory(name="Ban Nong Bua Rice Cooperative", country_id="LA")
    assert found("TH", "Ban Nong Bua Rice Cooperative", exclude_pk=own.pk) == []
    assert found("VN", "Ban Nong Bua Rice Cooperative") == []


def test_the_surest_come_first_up_to_the_limit():
    EntityFactory(name="Ban Nong Bua Rice Cooperatives")
    EntityFactory(name="Ban Nong Bua Rice Cooperative", registered=True, registration_number="9")
    EntityFactory(name="Rice Cooperative Nong Bua", registered=True, registration_number="9")
    matches = found("TH", "Ban Nong Bua Rice Cooperative", registration_number="9")
    assert [reason for _name, reason in matches] == [
        Reason.SAME_NAME,
        Reason.SAME_REGISTRATION_NUMBER,
        Reason.SIMILAR_NAME,
    ]
    assert len(found("TH", "Ban Nong Bua Rice Cooperative", registration_number="9", limit=2)) == 2


def test_the_cost_does_not_grow_with_the_registry(django_assert_max_num_queries):
    # Many names sharing the first characters: only the nearest are read.
    for n in range(3 * NEIGHBOURS):
        EntityFactory(name=f"Ban Nong Bua Group {chr(ord('a') + n % 26)}{n:03d}")
    EntityFactory(name="Ban Nong Bua Rice Cooperative")
    # The lookups (the same key in each column, the registration number, two
    # neighbour reads per script) in one statement, then the entity found.
    with django_assert_max_num_queries(2):
        matches = found("TH", "Ban Nong Bua Rice Cooperatve", "บ้านหนองบัว", "TH-1")
    assert matches == [("Ban Nong Bua Rice Cooperative", Reason.SIMILAR_NAME)]


def test_rows_of_a_file_follow_the_same_rules():
    rows = RowIndex()
    rows.add(2, "TH", "Ban Nong Bua Rice Cooperative", "สหกรณ์ข้าวบ้านหนองบัว", "TH-1")
    rows.add(3, "TH", "Ban Nong Bua Savings Group 1")
    assert rows.find("TH", "BAN NONG-BUA rice cooperative") == [(2, Reason.SAME_NAME)]
    assert rows.find("TH", "X", "สหกรณ์ข้าว บ้านหนองบัว") == [(2, Reason.SAME_NAME)]
    assert rows.find("TH", "Ban Nong Bua Rice Cooperatives") == [(2, Reason.SIMILAR_NAME)]
    assert rows.find("TH", "Other", registration_number="TH-1") == [
        (2, Reason.SAME_REGISTRATION_NUMBER)
    ]
    assert rows.find("TH", "Ban Nong Bua Savings Group 2") == []
    assert rows.find("VN", "Ban Nong Bua Rice Cooperative") == []


def test_many_rows_looked_up_together_find_what_each_finds_alone(django_assert_max_num_queries):
    EntityFactory(name="Ban Nong Bua Rice Cooperative", name_local="สหกรณ์ข้าวบ้านหนองบัว")
    EntityFactory(name="Ban Nong Bua Savings Group 1", registered=True, registration_number="9")
    own = EntityFactory(name="Ban Don Weaving Group")
    described = [
        ("TH", "Ban Nong Bua Rice Cooperatives", "", "", None),
        ("TH", "Other", "สหกรณ์ข้าว บ้านหนองบัว", "", None),
        ("TH", "Ban Nong Bua Savings Group 2", "", "9", None),
        ("TH", "Ban Don Weaving Group", "", "", own.pk),
        ("VN", "Ban Nong Bua Rice Cooperative", "", "9", None),
        # Enough rows for each kind of lookup to run as one (a LATERAL join on PostgreSQL).
        *(("TH", f"Ban Huai Village Enterprise {n}", "", "", None) for n in range(2 * 20)),
    ]
    alone = [[(e.name, e.duplicate_reason) for e in likely_duplicates(*d[:4], exclude_pk=d[4])]
             for d in described]  # fmt: skip

    # At most: each kind of lookup that many rows share in a statement (same
    # key in each column, neighbours before and after: 4), the other lookups
    # together (1), then the entities found (1).
    with django_assert_max_num_queries(6):
        together = likely_duplicates_of_many(described)

    assert [[(e.name, e.duplicate_reason) for e in found] for found in together] == alone
    assert alone[:5] == [
        [("Ban Nong Bua Rice Cooperative", Reason.SIMILAR_NAME)],
        [("Ban Nong Bua Rice Cooperative", Reason.SAME_NAME)],
        [("Ban Nong Bua Savings Group 1", Reason.SAME_REGISTRATION_NUMBER)],
        [],
        [],
    ]


# --- As a warning names them --------------------------------------------------------


def change_url(entity):
    return reverse("admin:entities_entity_change", args=[entity.pk])


def test_each_match_is_named_with_a_link_its_region_number_and_reason():
    stored = EntityFactory(name="Ban Hom <Weavers>", region_id="TH-50")
    numbered = EntityFactory(name="Other", registered=True, registration_number="TH-9")
    matches = likely_duplicates("TH", "Ban Hom Weavers", registration_number="TH-9")
    assert links_to_matches(matches) == (
        f'<a href="{change_url(stored)}" target="_blank">Ban Hom &lt;Weavers&gt;</a>'
        f" (Chiang Mai, #{stored.pk}, same name), "
        f'<a href="{change_url(numbered)}" target="_blank">Other</a>'
        f" (#{numbered.pk}, same registration number)"
    )


def test_the_import_names_a_match_as_the_entity_form_does(client, researcher):  # noqa: F811
    stored = EntityFactory(name="Ban Nong-Bua Rice Cooperative", region_id="TH-40")
    response = preview(client, csv_upload([another_row("BAN NONG BUA  rice cooperative")]))
    [(_row, _column, message)] = row_errors(response)
    assert message == (
        f'Likely a duplicate of <a href="{change_url(stored)}" target="_blank">'
        f"Ban Nong-Bua Rice Cooperative</a> (Khon Kaen, #{stored.pk}, same name). "
        "If it is a different entity, write yes in confirmed_distinct."
    )
