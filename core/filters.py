"""The generic filters the registry's filter sets are made of, and what the
API's schema says of them.

Codes given as lists, yes/no questions answered true, false or unknown,
whole numbers within bounds, orderings as lists with empty values last: each
refuses a bad value with a validation error naming what it accepts.
"""

import copy

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.fields import BaseCSVField, ChoiceField
from django_filters.widgets import BaseCSVWidget
from drf_spectacular.utils import extend_schema_field

MAX_VALUES = 100  # codes in one list parameter
# A parameter that takes one value, given more than once (filters and paging alike).
GIVEN_TWICE = _("Give this parameter once.")
MAX_QUERY_LENGTH = 200


def too_many_values():
    return forms.ValidationError(
        _("Give at most %(n)d values."), code="max_values", params={"n": MAX_VALUES}
    )


class CodeListField(forms.Field):
    """Codes given as repeated parameters and/or comma-separated
    (`country=TH&country=vn`, `country=TH,VN`), checked against what is allowed."""

    def __init__(self, *, allowed, case=None, **kwargs):
        self.allowed = allowed  # a callable giving the allowed codes, in order
        self.case = case  # "upper", "lower" or None
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    widget = forms.SelectMultiple

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_VALUES:  # repeated parameters, before any is dropped
            raise too_many_values()
        codes = []
        for item in values:
            for code in str(item).split(","):
                code = code.strip()
                if self.case == "upper":
                    code = code.upper()
                elif self.case == "lower":
                    code = code.lower()
                if code and code not in codes:
                    codes.append(code)
        return codes

    def validate(self, value):
        super().validate(value)
        if not value:
            return  # nothing to check, and no need to load the allowed codes
        if len(value) > MAX_VALUES:
            raise too_many_values()
        allowed = list(self.allowed())
        unknown = [code for code in value if code not in allowed]
        if unknown:
            # The values go in as params, never into the message itself: a
            # "%" typed by a client must not be read as a format.
            raise forms.ValidationError(
                _("Unknown value %(unknown)s. Allowed: %(allowed)s."),
                code="unknown",
                params={
                    "unknown": ", ".join(repr(code[:40]) for code in unknown[:5]),
                    "allowed": ", ".join(allowed),
                },
            )


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodeListFilter(django_filters.Filter):
    field_class = CodeListField

    def __init__(self, *args, allowed, case=None, **kwargs):
        super().__init__(*args, allowed=allowed, case=case, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class YesNoUnknownField(forms.Field):
    """A yes/no question whose answer may be unknown: exactly "true",
    "false" or "unknown", as the API's schema lists them; empty is no
    filter."""

    TRUE, FALSE, UNKNOWN = "true", "false", "unknown"
    VALUES = (TRUE, FALSE, UNKNOWN)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in self.VALUES:
            return value
        raise forms.ValidationError(_("Must be true, false or unknown."), code="invalid")


@extend_schema_field({"type": "string", "enum": list(YesNoUnknownField.VALUES)})
class YesNoUnknownFilter(django_filters.Filter):
    """The rows whose nullable boolean field is true, false, or null (unknown)."""

    field_class = YesNoUnknownField

    def filter(self, qs, value):
        if not value:
            return qs
        if value == YesNoUnknownField.UNKNOWN:
            return qs.filter(**{f"{self.field_name}__isnull": True})
        return qs.filter(**{self.field_name: value == YesNoUnknownField.TRUE})


class OrderingWidget(BaseCSVWidget, forms.Select):
    """Every ordering asked for, given as repeated parameters and/or
    comma-separated (`ordering=-year_established&ordering=name`,
    `ordering=-year_established,name`). Only empty values (the pages' "default
    order" choice) are no ordering at all; an empty one among others
    (`ordering=name,`) is kept for the field to refuse."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        if not any(str(value).strip() for value in values):
            return []
        return [part.strip() for value in values for part in str(value).split(",")]


class OrderingListField(BaseCSVField):
    def clean(self, value):
        if value and len(value) > MAX_VALUES:
            raise too_many_values()
        return super().clean(value)


class OrderingChoiceField(ChoiceField):
    def validate(self, value):
        if value == "":
            raise forms.ValidationError(
                _("An empty ordering in the list: separate orderings with single commas."),
                code="empty",
            )
        super().validate(value)


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Ordering with empty values last in both directions, on every database;
    several orderings may be given as repeated parameters or comma-separated."""

    base_field_class = OrderingListField
    field_class = OrderingChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", OrderingWidget)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class FilterForm(forms.Form):
    """The filters' form: a parameter that takes one value (a number, true or
    false, the search) given more than once is ambiguous, so it is refused."""

    SINGLE_VALUED = (forms.DecimalField, forms.IntegerField, forms.CharField, YesNoUnknownField)

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for name, field in self.fields.items():
            if getlist and isinstance(field, self.SINGLE_VALUED) and len(getlist(name)) > 1:
                self.add_error(name, GIVEN_TWICE)
        return cleaned


def bounded_number(field_name, lookup_expr, minimum, maximum, label):
    message = _("Must be a whole number from %(min)d to %(max)d.") % {
        "min": minimum,
        "max": maximum,
    }
    return django_filters.NumberFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        min_value=minimum,
        max_value=maximum,
        decimal_places=0,
        error_messages={
            code: message
            for code in ("invalid", "min_value", "max_value", "max_decimal_places", "max_digits")
        },
    )


def choice_values(choices):
    return lambda: [value for value, _ in choices]


class CopiedFilters(dict):
    """A filter set's filters, which each request's filter set copies
    (django-filter deep-copies them: a tenth of an API list request's time,
    profiled). A shallow copy of each is enough: the filter set sets its own
    ``parent`` and ``model`` on the copy, and a method filter is bound to its
    copy again; the rest is configuration, never changed."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, original in self.items():
            copies[name] = copy.copy(original)
            copies[name].method = original.method  # binds the method to the copy
        return copies


# --- What the API's schema says of the filters ---------------------------------

# The filter sets whose parameters the API's schema describes (core.api.schema),
# in the order they were declared. The schema describes a parameter by its
# name: one that two filter sets share reads as the one declared last states it.
SCHEMA_FILTERSETS = []


def in_api_schema(filterset_class):
    """Class decorator: the API's schema states the allowed codes and the
    bounds of this filter set's parameters."""
    SCHEMA_FILTERSETS.append(filterset_class)
    return filterset_class


def bounded_parameters():
    """Query parameter -> (minimum, maximum), for every whole-number filter."""
    return {
        name: (number_filter.extra["min_value"], number_filter.extra["max_value"])
        for filterset in SCHEMA_FILTERSETS
        for name, number_filter in filterset.base_filters.items()
        if isinstance(number_filter, django_filters.NumberFilter)
    }


def code_list_parameters():
    """Query parameter -> (label, allowed codes), for every code-list filter."""
    return {
        name: (str(code_filter.label), list(code_filter.extra["allowed"]()))
        for filterset in SCHEMA_FILTERSETS
        for name, code_filter in filterset.base_filters.items()
        if isinstance(code_filter, CodeListFilter)
    }
