"""The assessment form: an assessment's facts plus a score and evidence for each
of the seven features, with each feature's guidance shown beside its score."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import VersionCheckMixin
from research.framework import NOT_ASSESSED_LABEL, ScoreLevel
from research.models import Assessment
from research.services import record_scores

# Status moves only through the workflow's transitions; the version is the
# optimistic lock (a hidden field).
ASSESSMENT_FIELDS = ["assessed_on", "method", "assessor", "notes", "version"]


def score_name(code):
    return f"score__{code}"


def evidence_name(code):
    return f"evidence__{code}"


SCORE_CHOICES = [("", NOT_ASSESSED_LABEL)] + [
    (level.value, format_lazy("{} — {}", level.value, level.label)) for level in ScoreLevel
]


class BaseAssessmentForm(VersionCheckMixin, forms.ModelForm):
    features = ()  # set by assessment_form_class()

    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The admin's querysets prefetch the scores, so this costs no query.
            for score in self.instance.scores.all():
                if score.feature_id in {feature.code for feature in self.features}:
                    self.initial[score_name(score.feature_id)] = score.score
                    self.initial[evidence_name(score.feature_id)] = score.evidence

    def clean(self):
        cleaned = super().clean()
        for feature in self.features:
            value = cleaned.get(score_name(feature.code))
            evidence = cleaned.get(evidence_name(feature.code), "")
            if value is not None and not evidence.strip():
                self.add_error(
                    evidence_name(feature.code),
                    _("%(feature)s: give the evidence for this score.")
                    % {"feature": feature.name},
                )
        return cleaned

    def score_values(self):
        return {
            feature.code: (
                self.cleaned_data.get(score_name(feature.code)),
                self.cleaned_data.get(evidence_name(feature.code), "").strip(),
            )
            for feature in self.features
        }

    def _save_m2m(self):
        # Django calls this once the assessment row exists, whether the form was
        # saved with commit=True or through save_m2m(): the scores' natural hook.
        super()._save_m2m()
        record_scores(self.instance, self.score_values())


def score_field(feature):
    return forms.TypedChoiceField(
        label=_("Score: %(feature)s") % {"feature": feature.name},
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": _(
                "%(feature)s: choose a score from 0 to 3, or leave it not assessed."
            )
            % {"feature": feature.name}
        },
    )


def evidence_field(feature):
    return forms.CharField(
        label=_("Evidence: %(feature)s") % {"feature": feature.name},
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def assessment_form_class(features):
    """An assessment form with a score and an evidence field per feature."""
    features = tuple(features)
    attrs = {"features": features}
    for feature in features:
        attrs[score_name(feature.code)] = score_field(feature)
        attrs[evidence_name(feature.code)] = evidence_field(feature)
    return type("AssessmentForm", (BaseAssessmentForm,), attrs)


def feature_fieldsets(features):
    """One admin fieldset per feature: its definition and scoring guidance, then
    the score and evidence fields."""
    return [
        (
            format_html("{}. {}", feature.position, feature.name),
            {
                "fields": [score_name(feature.code), evidence_name(feature.code)],
                "description": feature_guidance_html(feature),
                "classes": ["feature-score"],
            },
        )
        for feature in features
    ]


def feature_guidance_html(feature):
    levels = format_html_join(
        "",
        "<li><strong>{} {}</strong>: {}</li>",
        feature.guidance_by_level(),
    )
    return format_html('<p>{}</p><ul class="score-guidance">{}</ul>', feature.definition, levels)
