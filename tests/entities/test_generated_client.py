"""A partner's client generated from the OpenAPI schema (openapi-python-client)
parses every list, detail and statistics answer of a live server, with the
token sent the way such clients send it: `Authorization: Bearer <key>`."""

import importlib
import json
import re
import subprocess
import sys
import urllib.request

import pytest
from rest_framework.authtoken.models import Token

from .. import registry
from ..factories import UserFactory
from ..live import VENV_BIN

PACKAGE = "sse_registry_client"
# A time in UTC as the API writes it (Z) and as the models write it back (+00:00).
UTC = re.compile(r'(T\d\d:\d\d:\d\d(?:\.\d+)?)Z"')


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The client package generated from the live server's schema, imported."""
    with urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json") as response:
        (tmp_path / "schema.json").write_bytes(response.read())
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")  # no formatting: not needed
    generation = subprocess.run(
        [
            VENV_BIN / "openapi-python-client",
            "generate",
            "--path", "schema.json",
            "--config", "config.yaml",
            "--meta", "none",
            "--output-path", PACKAGE,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert generation.returncode == 0, generation.stdout + generation.stderr
    monkeypatch.syspath_prepend(tmp_path)
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def call(package, operation, **arguments):
    """The parsed answer of a generated operation; it must be a 200 whose
    model gives back exactly the JSON it was read from."""
    module = importlib.import_module(f"{PACKAGE}.api.{operation}")
    response = module.sync_detailed(**arguments)
    assert response.status_code == 200, (operation, response.content[:300])
    parsed = response.parsed
    assert not isinstance(parsed, package.models.Error), operation
    answer = json.loads(UTC.sub(r'\1+00:00"', response.content.decode()))
    if isinstance(parsed, list):
        assert [item.to_dict() for item in parsed] == answer, operation
    else:
        assert parsed.to_dict() == answer, operation
    return parsed


@pytest.fixture
def partner(live_server, generated):
    """A partner's client with a token; closed after the test, so that no
    connection keeps a server thread (and its database session) alive."""
    key = Token.objects.create(user=UserFactory(username="partner")).key
    with generated.AuthenticatedClient(base_url=live_server.url, token=key) as client:
        yield client


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_generated_client_parses_every_answer_with_a_bearer_token(partner, generated, settings):
    registry.build()
    settings.API_ANON_RATE = "1/minute"  # every call below passes: the token counts
    assert partner.prefix == "Bearer"

    def each(operation, key_name):
        """The list, and the details of its first and last items (a few
        hundred regions would take seconds and show nothing more)."""
        listed = call(generated, operation + "_list", client=partner)
        for item in listed[:1] + listed[-1:]:
            call(
                generated,
                operation + "_retrieve",
                client=partner,
                **{key_name: getattr(item, key_name)},
            )
        return listed

    for operation, key_name in [
        ("sectors.sectors", "code"),
        ("regions.regions", "code"),
        ("features.features", "code"),
        ("entity_types.entity_types", "slug"),
    ]:
        assert each(operation, key_name), operation
    countries = each("countries.countries", "code")
    for country in countries:
        call(generated, "countries.countries_stats_retrieve", client=partner, code=country.code)
    for grouping in generated.models.StatsRetrieveGroupBy:
        call(generated, "stats.stats_retrieve", client=partner, group_by=grouping)
    page = call(generated, "entities.entities_list", client=partner, page_size=100)
    assert page.count == len(page.results) == 8
    for entity in page.results:
        call(generated, "entities.entities_retrieve", client=partner, id=entity.id)
