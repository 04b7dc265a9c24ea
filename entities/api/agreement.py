"""Agreement between assessors (``/api/v1/agreement/``): how well the
independent second assessments agree with the assessments they repeat
(research.reliability), for the region or chosen countries. Figures only: no
assessor, no entity, no score of anyone's is named."""

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.filters import CodeListField
from entities.models import Country
from entities.reference import reference_codes
from research.reliability import agreement

from .serializers import AgreementSerializer


def requested_countries(request):
    """The stored codes of the countries ``?country=`` names, read as every
    list parameter of the API is (core.filters.CodeListField: repeated or
    separated by commas, either case, at most MAX_VALUES), as a sorted
    tuple; None without any. An empty value or an unknown code is a 400
    naming the parameter."""
    given = request.query_params.getlist("country")
    if not given:
        return None
    if "" in map(str.strip, given):
        raise ValidationError({"country": [_("Give a value, or leave the parameter out.")]})
    field = CodeListField(allowed=lambda: reference_codes(Country), case="upper")
    try:
        codes = field.clean(given)
    except forms.ValidationError as error:
        raise ValidationError({"country": error.messages}) from None
    return tuple(sorted(codes))


class AgreementView(generics.GenericAPIView):
    serializer_class = AgreementSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Agreement between assessors",
        description=(
            "How well the independent second assessments of entities agree with the "
            "assessments they repeat, per feature and overall: Krippendorff's alpha "
            "(ordinal) with its 95 % bootstrap interval, Cohen's weighted kappa, and "
            "the shares of units with the same score and with the same judgement of "
            "whether the feature is practised; and each country's overall figures. "
            "A pair counts once its second assessment is submitted. Figures only: no "
            "assessor and no entity is named."
        ),
        parameters=[
            OpenApiParameter(
                "country",
                {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                description="Countries' alpha-2 codes (`/api/v1/countries/`), repeated or "
                "separated by commas: the figures of their entities alone, pooled. "
                "Default: every country's.",
            )
        ],
    )
    def get(self, request):
        countries = requested_countries(request)
        if countries is not None and len(countries) == 1:
            countries = countries[0]
        return Response(agreement(countries))
