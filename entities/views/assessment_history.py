"""An entity's published assessments on its page, latest first: each
feature's score and evidence, and how the score changed since the entity's
previous published assessment."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """How a feature's score moved from one published assessment to the next.

    ``kind`` is "up" or "down" (by ``amount``), "same", "new" (not assessed
    before, assessed now), "dropped" (assessed before, not now), or "" where
    there is nothing to compare: neither assessment scores the feature, or
    there is no earlier assessment.
    """

    kind: str = ""
    amount: int = 0


def change(before, after):
    """The Change from the score ``before`` to ``after`` (None: not assessed)."""
    if before is None:
        return Change("new" if after is not None else "")
    if after is None:
        return Change("dropped")
    if after == before:
        return Change("same")
    return Change("up" if after > before else "down", abs(after - before))


@dataclass(frozen=True)
class Cell:
    feature: object  # research.models.Feature
    score: int | None
    evidence: str
    change: Change


@dataclass(frozen=True)
class Entry:
    """One published assessment as the page shows it: its public facts only
    (entities.public.ASSESSMENT_FIELDS), never the assessor or notes."""

    assessed_on: object  # a date
    method: str  # its label
    current: bool
    cells: list

    @property
    def has_evidence(self):
        return any(cell.evidence for cell in self.cells)


def history(assessments, features, current_id):
    """An Entry for each of ``assessments`` (an entity's published ones,
    latest first, their scores prefetched), with a Cell for each of
    ``features`` in their order; the one of id ``current_id`` is the current."""
    entries = []
    previous_ones = [*assessments[1:], None]  # the oldest has none
    for assessment, previous in zip(assessments, previous_ones[: len(assessments)], strict=True):
        scores = {score.feature_id: score for score in assessment.scores.all()}
        before = previous.profile.scores if previous else {}
        cells = []
        for feature in features:
            score = scores.get(feature.code)
            value = score.score if score else None
            cells.append(
                Cell(
                    feature=feature,
                    score=value,
                    evidence=score.evidence if score else "",
                    change=change(before.get(feature.code), value) if previous else Change(),
                )
            )
        entries.append(
            Entry(
                assessed_on=assessment.assessed_on,
                method=assessment.get_method_display(),
                current=assessment.pk == current_id,
                cells=cells,
            )
        )
    return entries
