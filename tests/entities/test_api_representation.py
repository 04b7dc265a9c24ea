"""The API builds its entity JSON from database rows (entities/api/
representation.py) for speed; the DRF serializers document the shape in the
schema. Both must give exactly the same JSON for every entity."""

import datetime
import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from entities.api.serializers import EntityDetailSerializer, EntitySerializer
from entities.models import Entity

from .. import registry
from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


def as_json(data):
    return json.loads(JSONRenderer().render(data))


def serialized(serializer_class, entity, request):
    return as_json(serializer_class(entity, context={"request": request}).data)


def test_list_and_detail_json_equal_the_serializers_for_every_entity(api):
    registry.build()
    EntityFactory(status=Entity.Status.PUBLISHED, website="", region=None)  # unassessed
    request = APIRequestFactory().get("/api/v1/entities/", HTTP_HOST="testserver")
    listed = api.get("/api/v1/entities/", {"page_size": 100}).json()["results"]
    assert len(listed) == registry.PUBLISHED + 1
    for item in listed:
        entity = Entity.objects.with_profile().get(pk=item["id"])
        assert item == serialized(EntitySerializer, entity, request)
        detail = api.get(f"/api/v1/entities/{entity.pk}/").json()
        assert detail == serialized(EntityDetailSerializer, entity, request)


def test_the_detail_says_whether_the_entity_is_demo_data(api):
    real = EntityFactory(status=Entity.Status.PUBLISHED)
    demo = EntityFactory(status=Entity.Status.PUBLISHED, is_demo=True)
    assert api.get(f"/api/v1/entities/{real.pk}/").json()["is_demo"] is False
    assert api.get(f"/api/v1/entities/{demo.pk}/").json()["is_demo"] is True
    request = APIRequestFactory().get("/", HTTP_HOST="testserver")
    assert serialized(EntityDetailSerializer, demo, request)["is_demo"] is True
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    field = schema["components"]["schemas"]["EntityDetail"]["properties"]["is_demo"]
    assert field["type"] == "boolean" and "demo" in field["description"].lower()


def test_the_detail_json_equals_the_serializer_with_several_assessments(api):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    assess(entity, [1, 1, 1, 1, None, 2, 3], assessed_on=datetime.date(2019, 4, 2))
    assess(entity, {"autonomy": 2}, assessed_on=datetime.date(2022, 6, 15), method="survey")
    assess(entity, [0] * 7, assessed_on=datetime.date(2024, 1, 1), status="draft")
    request = APIRequestFactory().get("/", HTTP_HOST="testserver")
    detail = api.get(f"/api/v1/entities/{entity.pk}/").json()
    assert [each["assessed_on"] for each in detail["assessments"]] == ["2022-06-15", "2019-04-02"]
    entity = Entity.objects.with_profile().get(pk=entity.pk)
    assert detail == serialized(EntityDetailSerializer, entity, request)
