"""The README and docs stand on their own: every document they cite is in the
repository, and none points at a design document kept elsewhere."""

import re
from pathlib import Path

import pytest

from ..source import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CITED_DOC = re.compile(r"`?((?:docs/)?[\w-]+\.md)`?")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_cited_document_is_in_the_repository(document):
    text = document.read_text()
    for name in set(CITED_DOC.findall(text)):
        in_docs = (ROOT / "docs" / Path(name).name).exists()
        assert (ROOT / name).exists() or in_docs, f"{document.name} cites {name}: not here"


@pytest.mark.parametrize(
    "document",
    [*DOCUMENTS, *sorted(ROOT.glob("*/*.py")), *sorted(ROOT.glob("tests/*/*.py"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_document_relies_on_a_design_document_outside_the_repository(document):
    text = document.read_text()
    assert not re.search(r"DESIGN(\.md| document)", text), f"{document.name} cites DESIGN"


def test_the_design_page_covers_what_the_other_docs_rely_on():
    design = (ROOT / "docs" / "design.md").read_text()
    for heading in ("The seven features", "Workflow and permissions", "JSON API"):
        assert f". {heading}\n" in design
    for code in (
        "economic_activity",
        "collective_interest",
        "voluntary_cooperation",
        "mutual_aid",
        "democratic_governance",
        "autonomy",
        "people_over_capital",
    ):
        assert f"`{code}`" in design
