"""The preview a researcher reads before confirming: the rows with errors
first, then the others in the file's order, each by its row number, status
and key columns (names, not codes), its errors beneath it, and the whole row
on demand (<details>)."""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from entities.models import Entity

from ..importing import (
    another_row,
    csv_upload,
    draft_entity,
    export,
    preview,
    read_csv,
)

pytestmark = pytest.mark.django_db


class PreviewParser(HTMLParser):
    """The preview's rows as the page shows them: for each, the texts of its
    key cells, its errors and the (column, value) pairs of its whole row."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.text, self.where, self.label = [], None, None, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody" and "import-row" in (attrs.get("class") or "").split():
            self.row = {"class": attrs["class"], "cells": [], "errors": [], "whole": []}
            self.rows.append(self.row)
        elif self.row is not None and tag in ("td", "li", "dt", "dd", "summary"):
            self.where.append(tag)
            self.text = ""
            if tag == "td":
                self.label = attrs.get("data-label")

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if self.row is None:
            return
        if tag == "tbody":
            self.row = None
        elif self.where and tag == self.where[-1]:
            self.where.pop()
            text, self.text = " ".join(self.text.split()), None if not self.where else ""
            if tag == "td" and self.label:
                self.row["cells"].append(text)
            elif tag == "li":
                self.row["errors"].append(text)
            elif tag == "dt":
                self.row["whole"].append([text])
            elif tag == "dd":
                self.row["whole"][-1].append(text)


def preview_rows(response):
    parser = PreviewParser()
    parser.feed(response.content.decode())
    return parser.rows


def test_rows_with_errors_come_first_each_by_its_key_columns_in_names(client, researcher):
    rows = [
        another_row("Ban Huai Hom Weaving Group", region="TH-40", entity_type="cooperative"),
        another_row("Ban Pa Daeng Tea Group", sector="Z"),
        another_row("Mae Tha Homestay Network", region=""),
        another_row("Doi Chang Savings Group", members="many"),
    ]

    shown = preview_rows(preview(client, csv_upload(rows)))

    assert [row["cells"] for row in shown] == [
        ["3", "Error", "Ban Pa Daeng Tea Group", "Thailand", "Chiang Mai", "Community enterprise"],
        [
            "5",
            "Error",
            "Doi Chang Savings Group",
            "Thailand",
            "Chiang Mai",
            "Community enterprise",
        ],
        ["2", "New", "Ban Huai Hom Weaving Group", "Thailand", "Khon Kaen", "Cooperative"],
        ["4", "New", "Mae Tha Homestay Network", "Thailand", "—", "Community enterprise"],
    ]
    assert shown[0]["errors"][0].startswith("sector: Unknown code “Z”")
    assert shown[1]["errors"] == ["members: Write a whole number, without separators (e.g. 1200)."]
    assert [row["errors"] for row in shown[2:]] == [[], []]


def test_the_whole_row_is_there_on_demand_not_side_by_side(client, researcher):
    rows = [another_row("Ban Pa Daeng Tea Group", sector="Z")]
    response = preview(client, csv_upload(rows))
    page = response.content.decode()

    [row] = preview_rows(response)

    assert len(row["cells"]) == 6  # not the file's 46 columns side by side
    whole = dict(row["whole"])
    assert whole["sector"] == "Z"
    assert whole["locality"] == rows[0]["locality"]
    assert whole["evidence_autonomy"] == rows[0]["evidence_autonomy"]
    assert "<details>" in page and "The whole row 2" in page


def test_new_changed_and_unchanged_rows_keep_the_files_order(client, researcher):
    unchanged = draft_entity(name="Ban Don Weaving Group", region_id="TH-50")
    changed = draft_entity(name="Ban Mae Tha Homestay")
    exported = read_csv(export(client).content)
    for row in exported:
        if row["id"] == str(changed.pk):
            row["description"] = "Twelve homestays."
    new = another_row("Ban Huai Hom Weaving Group")

    shown = preview_rows(preview(client, csv_upload([new, *exported])))

    by_name = {row["cells"][2]: row for row in shown}
    assert [row["cells"][2] for row in shown] == [
        "Ban Huai Hom Weaving Group",
        *[row["name"] for row in exported],
    ]
    assert by_name[unchanged.name]["cells"][1] == "Unchanged"
    assert by_name[changed.name]["cells"][1] == "Changed"
    assert by_name["Ban Huai Hom Weaving Group"]["cells"][1] == "New"
    assert Entity.objects.count() == 2


def test_the_preview_speaks_the_researchers_language(client, researcher):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    rows = [another_row("Ban Pa Daeng Tea Group", sector="Z")]

    [row] = preview_rows(preview(client, csv_upload(rows)))

    assert row["cells"][3] == "ไทย"
    assert row["cells"][5] == "วิสาหกิจชุมชน"
