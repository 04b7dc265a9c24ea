"""Writes on assessments: saving an assessment's scores."""

from .models import Score


def record_scores(assessment, values):
    """Save one assessment's scores: ``values`` maps feature code -> (score, evidence).

    Rows are saved one by one (not in bulk) so that every change passes
    through the model's save and is seen by anything that records history.
    """
    existing = {score.feature_id: score for score in assessment.scores.all()}
    for code, (value, evidence) in values.items():
        score = existing.get(code) or Score(assessment=assessment, feature_id=code)
        if score.pk and (score.score, score.evidence) == (value, evidence):
            continue
        score.score, score.evidence = value, evidence
        score.save()
