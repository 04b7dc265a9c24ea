"""Agreement between assessors (``/api/v1/agreement/``): how well the
independent second assessments agree with the assessments they repeat
(research.reliability), for the region or chosen countries. Figures only: no
assessor, no entity, no score of anyone's is named."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from entities.models import Country
from entities.reference import reference_codes
from research.reliability import agreement

from .serializers import AgreementSerializer


def requested_countries(request):
    """The stored codes of the countries ``?country=`` names (repeated or
    separated by commas, either case, as everywhere in the API), as a sorted
    tuple, or None without any; a code the registry does not know is a 400
    naming the parameter."""
    given = request.query_params.getlist("country")
    if not given:
        return None
    values = [part.strip() for value in given for part in value.split(",")]
    if "" in values:
        raise ValidationError({"country": [_("Give a value, or leave the parameter out.")]})
    codes = set()
    for value in values:
        code = Country.stored_code(value)
        if code is None or code not in reference_codes(Country):
            known = ", ".join(sorted(reference_codes(Country)))
            raise ValidationError(
                {"country": [f"No country with code {value[:10]!r}; one of: {known}."]}
            )
        codes.add(code)
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
