"""Agreement between assessors (``/api/v1/agreement/``): how well the
independent second assessments agree with the assessments they repeat
(research.reliability), for the region or one country. Figures only: no
assessor, no entity, no score of anyone's is named."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.filters import GIVEN_TWICE
from entities.models import Country
from research.reliability import agreement

from .serializers import AgreementSerializer


def requested_country(request):
    """The stored code of the country ``?country=`` names (either case), or
    None without one; given twice, or a code the registry does not know, a
    400 naming the parameter."""
    values = request.query_params.getlist("country")
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({"country": [str(GIVEN_TWICE)]})
    code = Country.stored_code(values[0].strip())
    if code is None or not Country.objects.filter(pk=code).exists():
        known = ", ".join(Country.objects.order_by("code").values_list("code", flat=True))
        raise ValidationError(
            {"country": [f"No country with code {values[0][:10]!r}; one of: {known}."]}
        )
    return code


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
                description="A country's alpha-2 code (`/api/v1/countries/`): the figures "
                "of its entities alone. Default: every country's.",
            )
        ],
    )
    def get(self, request):
        return Response(agreement(requested_country(request)))
