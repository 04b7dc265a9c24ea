"""Suggestions from the public: a correction of a published entity, or an
entity the registry is missing (the model ``Suggestion``; the pages in
entities/views/suggest.py; their handling in the admin in
workflow/suggestions.py).

What a suggestion may propose is ``SUGGESTED``, public fields only
(entities.public). The form checks them as the admin's entity form does, by
the entity's own validation (its fields, its coordinates, its constraints),
and refuses what no researcher should have to read: a note over
``NOTE_MAX`` characters, sources over ``SOURCES_MAX_LINES`` lines or
``SOURCES_MAX_CHARS`` characters, more than ``SUGGESTION_MAX_LINKS`` web
links in all. Every text is shown as plain text wherever it appears.
"""

import re
import secrets
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.api.throttles import AnonymousRateThrottle

from . import coordinates, public
from .models import Country, Entity, EntityType, Region, Sector, Suggestion

# The public fields a suggestion may propose, in the form's order.
SUGGESTED = (
    "name",
    "name_local",
    "entity_type",
    "sector",
    "region",
    "locality",
    "latitude",
    "longitude",
    "location_precision",
    "legal_form",
    "year_established",
    "members",
    "workers",
    "website",
    "description",
)
if not_public := [name for name in SUGGESTED if name not in public.FIELDS]:
    raise ImproperlyConfigured(f"Not public fields of an entity: {', '.join(not_public)}.")

NOTE_MAX = 5000
DESCRIPTION_MAX = 5000
SOURCES_MAX_CHARS = 2000
SOURCES_MAX_LINES = 20
LINK = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
TOKEN = re.compile(r"[0-9a-f]{32}")
# The hidden field a person never sees nor fills in; a program filling in
# every field does (the view refuses the post).
HONEYPOT = "homepage"
REFERENCES = {"entity_type": EntityType, "sector": Sector, "region": Region, "country": Country}


def new_token():
    """The one-time token of a form: the same form posted twice is one suggestion."""
    return secrets.token_hex(16)


def count_links(*texts):
    return sum(len(LINK.findall(text or "")) for text in texts)


class SuggestionForm(forms.ModelForm):
    """The fields proposed (the entity's form's, checked by the entity's own
    validation), then the note, the sources and the e-mail address."""

    note = forms.CharField(
        label=_("Your note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong or missing, in a few words (at most 5,000 characters)."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=SOURCES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Where this can be checked: one per line, as text or web addresses (at most 20 lines)."
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_(
            "Only to tell you what became of your suggestion. It is never shown or "
            "shared, and it is deleted once you have been told, or after %(days)s days."
        ),
    )
    website = forms.URLField(
        label=Entity._meta.get_field("website").verbose_name,
        required=False,
        max_length=Entity._meta.get_field("website").max_length,
        assume_scheme="https",
    )
    token = forms.CharField(
        widget=forms.HiddenInput, validators=[RegexValidator(TOKEN)], max_length=32
    )
    confirm_listed = forms.BooleanField(
        label=_("It is not listed: send my suggestion anyway"), required=False
    )

    class Meta:
        model = Entity
        fields = SUGGESTED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before validation, which sets the values posted on the instance.
        self.values_before = (
            {name: current_value(self.instance, name) for name in SUGGESTED}
            if self.instance.pk
            else {}
        )
        email = self.fields["email"]
        email.help_text = email.help_text % {"days": settings.SUGGESTION_EMAIL_DAYS}
        for name in coordinates.LIMITS:
            generated = self.fields[name]
            self.fields[name] = coordinates.CoordinateField(
                name, required=False, label=generated.label, help_text=generated.help_text
            )
        description = self.fields["description"]
        description.max_length = DESCRIPTION_MAX
        description.validators.append(MaxLengthValidator(DESCRIPTION_MAX))
        description.widget.attrs.update(rows=5, maxlength=DESCRIPTION_MAX)
        country = self.country_code()
        region = self.fields["region"]
        region.queryset = Region.objects.order_by("country", "name")
        if country:
            region.queryset = region.queryset.filter(country_id=country)

    def country_code(self):
        return self.instance.country_id

    def clean_sources(self):
        sources = self.cleaned_data["sources"]
        lines = [line for line in sources.splitlines() if line.strip()]
        if len(lines) > SOURCES_MAX_LINES:
            raise forms.ValidationError(
                _("At most %(max)s lines of sources, please."), params={"max": SOURCES_MAX_LINES}
            )
        return "\n".join(line.strip() for line in lines)

    def clean(self):
        cleaned = super().clean()
        region, country = cleaned.get("region"), self.chosen_country(cleaned)
        if region is not None and country and region.country_id != country:
            self.add_error("region", _("The region must belong to the entity's country."))
        links = count_links(
            cleaned.get("note"), cleaned.get("sources"), cleaned.get("description")
        )
        if links > settings.SUGGESTION_MAX_LINKS:
            raise forms.ValidationError(
                ngettext(
                    "At most %(max)d web link, please (this holds %(count)d).",
                    "At most %(max)d web links, please (this holds %(count)d).",
                    settings.SUGGESTION_MAX_LINKS,
                )
                % {"max": settings.SUGGESTION_MAX_LINKS, "count": links}
            )
        return cleaned

    def chosen_country(self, cleaned):
        return self.country_code()

    def proposed(self):
        """The fields that change (for a new entity: those given), field ->
        value as JSON stores it."""
        return {
            name: json_value(self.cleaned_data[name])
            for name in SUGGESTED
            if name in self.changed_data
        }

    def previous(self):
        """The entity's values of the fields that change, as JSON stores them."""
        return {name: self.values_before[name] for name in self.proposed() if self.values_before}


class CorrectionForm(SuggestionForm):
    """A correction of a published entity: its form prefilled with its
    current public values; only the fields that change are kept."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.proposed() and not cleaned.get("note"):
            raise forms.ValidationError(
                _("Change at least one field, or say in the note what is wrong.")
            )
        return cleaned


class NewEntityForm(SuggestionForm):
    """An entity the registry is missing, in the country chosen."""

    class Meta:
        model = Entity
        fields = ("country", *SUGGESTED)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name")

    def country_code(self):
        return None  # chosen in the form: every country's regions are offered

    def chosen_country(self, cleaned):
        country = cleaned.get("country")
        return country.pk if country else None


def json_value(value):
    """A form's cleaned value as a suggestion stores it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return coordinates.text(value)
    return value


def current_value(entity, name):
    """The value of ``entity``'s field ``name`` as a suggestion stores it."""
    field = Entity._meta.get_field(name)
    return json_value(getattr(entity, field.attname))


def python_value(name, value):
    """A stored value as the entity's attribute takes it (a reference by its key)."""
    field = Entity._meta.get_field(name)
    if value is not None and isinstance(field, models.DecimalField):
        return Decimal(value)
    return value


def apply_to(entity, proposed):
    """Set the proposed fields on ``entity`` (no save); the names of those set."""
    changed = []
    # Never anything but the public fields a suggestion may hold, in their order.
    for name in SUGGESTED:
        if name in proposed:
            field = Entity._meta.get_field(name)
            setattr(entity, field.attname, python_value(name, proposed[name]))
            changed.append(name)
    return changed


def shown(name, value):
    """A stored value as a person reads it (the name of a reference, the
    label of a choice), always as plain text."""
    if value in (None, ""):
        return "–"
    if name in REFERENCES:
        found = REFERENCES[name].objects.filter(pk=value).first()
        return str(found) if found is not None else str(value)
    field = Entity._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes(suggestion):
    """The suggestion's fields as rows (label, old, new), in the form's order:
    old is the entity's value when the suggestion was sent ("–" for a new
    entity), new the value proposed."""
    rows = []
    for name in SUGGESTED:
        if name not in suggestion.proposed:
            continue
        rows.append(
            {
                "field": name,
                "label": str(Entity._meta.get_field(name).verbose_name),
                "old": shown(name, suggestion.previous.get(name)),
                "new": shown(name, suggestion.proposed[name]),
            }
        )
    return rows


def sent_already(suggestion, within=timedelta(hours=1)):
    """A pending suggestion sent in the last hour with the same content as
    ``suggestion`` (not saved yet), or None: the same form sent again from a
    fresh copy of its page (the browser's back button, another tab), which
    carries another token."""
    return (
        Suggestion.objects.filter(
            status=Suggestion.Status.PENDING,
            kind=suggestion.kind,
            entity=suggestion.entity,
            country_id=suggestion.country_id,
            note=suggestion.note,
            sources=suggestion.sources,
            created_at__gte=timezone.now() - within,
        )
        .order_by("-created_at", "-id")
        .filter(proposed=suggestion.proposed)
        .first()
    )


def listed(country_code, name, name_local="", website=""):
    """Published entities the new entity suggested may already be (at most 5)."""
    if not country_code:
        return []
    found = Entity.objects.published().listed_under(country_code, [name, name_local], website)
    return list(found.only("id", "name", "name_local", "country_id").order_by("name", "id")[:5])


class SuggestionThrottle(AnonymousRateThrottle):
    """Posts of the suggestion form per client address (signed in or not)."""

    scope = "suggestion"

    def get_rate(self):
        return settings.SUGGESTION_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SuggestionGlobalThrottle(SuggestionThrottle):
    """Posts of the suggestion form from everyone together: a flood from many
    addresses still fills the moderators' queue only so fast."""

    scope = "suggestion-all"

    def get_rate(self):
        return settings.SUGGESTION_GLOBAL_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": "everyone"}


def throttled(request):
    """Seconds to wait before posting again, or None when the post may go on.
    Every post counts, valid or not."""
    for throttle in (SuggestionThrottle(), SuggestionGlobalThrottle()):
        if not throttle.allow_request(request, None):
            return max(1, round(throttle.wait() or 60))
    return None


def purge_emails(now=None):
    """Delete the e-mail addresses of suggestions sent more than
    ``SUGGESTION_EMAIL_DAYS`` days ago; the number deleted. (The history
    never holds them.)"""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SUGGESTION_EMAIL_DAYS)
    return Suggestion.objects.exclude(email="").filter(created_at__lt=cutoff).update(email="")
