"""The registry's own vocabularies in SKOS (entities.skos): a page lists
them in each language, each is a JSON-LD and a Turtle file holding every
concept with its labels in every language, and each concept has an address
of its own."""

import json

import pytest
import rdflib
from django.conf import settings
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from entities import skos
from entities.models import EntityType, Origin
from research.framework import FEATURE_CODES, ScoreLevel

pytestmark = pytest.mark.django_db

SCHEMES = ["entity-types", "sectors", "origins", "dependency-levels", "features", "score-levels"]
SITE = settings.SITE_URL.rstrip("/")


def graph(response, fmt):
    return rdflib.Graph().parse(data=response.content.decode(), format=fmt)


def concept(scheme, code):
    return rdflib.URIRef(f"{SITE}/vocab/{scheme}/{code}")


def test_the_schemes_are_the_registrys_lists():
    assert list(skos.SCHEMES) == SCHEMES


@pytest.mark.parametrize("scheme", SCHEMES)
def test_jsonld_and_turtle_hold_the_same_concepts_and_parse(client, scheme):
    jsonld = client.get(f"/vocab/{scheme}.jsonld")
    turtle = client.get(f"/vocab/{scheme}.ttl")
    assert jsonld["Content-Type"] == "application/ld+json; charset=utf-8"
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    document = json.loads(jsonld.content)
    assert "@context" in document and "@graph" in document
    from_jsonld, from_turtle = graph(jsonld, "json-ld"), graph(turtle, "turtle")
    assert len(from_turtle) > 0
    assert isomorphic(from_jsonld, from_turtle)
    scheme_uri = rdflib.URIRef(f"{SITE}/vocab/{scheme}")
    assert (scheme_uri, rdflib.RDF.type, SKOS.ConceptScheme) in from_turtle
    concepts = set(from_turtle.subjects(rdflib.RDF.type, SKOS.Concept))
    assert concepts == set(from_turtle.objects(scheme_uri, SKOS.hasTopConcept))
    for each in concepts:
        assert (each, SKOS.inScheme, scheme_uri) in from_turtle
        assert from_turtle.value(each, SKOS.prefLabel) is not None


def codes(scheme, client):
    turtle = graph(client.get(f"/vocab/{scheme}.ttl"), "turtle")
    return {str(code) for code in turtle.objects(None, SKOS.notation)}


def test_every_concept_of_the_registry_is_in_its_scheme(client):
    assert codes("entity-types", client) == set(EntityType.objects.values_list("slug", flat=True))
    assert codes("sectors", client) == set("ABCDEFGHIJKLMNOPQRSTU")
    assert codes("origins", client) == set(Origin.values)
    assert codes("features", client) == set(FEATURE_CODES)
    assert codes("score-levels", client) == {str(level) for level in ScoreLevel.values}


def test_labels_come_in_every_language_of_the_registry(client):
    types = graph(client.get("/vocab/entity-types.ttl"), "turtle")
    labels = {
        label.language
        for label in types.objects(concept("entity-types", "cooperative"), SKOS.prefLabel)
    }
    assert labels == {code for code, _name in settings.LANGUAGES}
    origins = graph(client.get("/vocab/origins.jsonld"), "json-ld")
    labels = {
        label.language
        for label in origins.objects(concept("origins", "community"), SKOS.prefLabel)
    }
    assert labels == {code for code, _name in settings.LANGUAGES}
    assert (
        concept("score-levels", "3"),
        SKOS.definition,
        rdflib.Literal(
            "Built into rules or bylaws and regular practice, with evidence.", lang="en"
        ),
    ) in graph(client.get("/vocab/score-levels.ttl"), "turtle")


def test_types_and_sectors_map_to_essglobal(client):
    types = graph(client.get("/vocab/entity-types.ttl"), "turtle")
    structure = (
        "https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/organisational-structure/"
    )
    assert (
        concept("entity-types", "cooperative"),
        SKOS.exactMatch,
        rdflib.URIRef(f"{structure}OS115"),
    ) in types
    assert (
        concept("entity-types", "association"),
        SKOS.broadMatch,
        rdflib.URIRef(f"{structure}OS20"),
    ) in types
    assert not list(types.objects(concept("entity-types", "other"), SKOS.exactMatch))
    sectors = graph(client.get("/vocab/sectors.jsonld"), "json-ld")
    activity = "https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/activities/"
    assert (concept("sectors", "U"), SKOS.exactMatch, rdflib.URIRef(f"{activity}a21")) in sectors


def test_turtle_escapes_what_a_label_holds(client):
    kind = EntityType.objects.get(slug="other")
    kind.name_en = 'Other "form" \\ with\nbreak\ttab\x01'
    kind.save()
    turtle = graph(client.get("/vocab/entity-types.ttl"), "turtle")
    assert rdflib.Literal(kind.name_en, lang="en") in set(
        turtle.objects(concept("entity-types", "other"), SKOS.prefLabel)
    )
    assert skos.turtle_iri("https://x.example/a b<c>") == "<https://x.example/a%20b%3Cc%3E>"


def test_files_are_cacheable_and_set_no_cookie(client):
    response = client.get("/vocab/origins.ttl")
    assert response["Cache-Control"] == "public, max-age=3600"
    assert not response.cookies
    again = client.get("/vocab/origins.ttl", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("url", "accept", "target"),
    [
        ("/vocab/origins/community", "text/turtle", "/vocab/origins.ttl"),
        ("/vocab/origins/community", "application/ld+json", "/vocab/origins.jsonld"),
        ("/vocab/origins/community", "text/html", "/vocab/#origins-community"),
        ("/vocab/entity-types", "text/html", "/vocab/#entity-types"),
    ],
)
def test_a_concepts_address_leads_to_its_file_or_the_page(client, url, accept, target):
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 303
    assert response["Location"] == target


@pytest.mark.parametrize(
    "url", ["/vocab/nothing.ttl", "/vocab/nothing", "/vocab/origins/nothing", "/vocab/origins.xml"]
)
def test_an_unknown_vocabulary_or_concept_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("prefix", "label"), [("", "Community or grassroots"), ("/th", None)])
def test_the_page_lists_each_scheme_in_the_readers_language(client, prefix, label):
    response = client.get(f"{prefix}/vocab/")
    assert response.status_code == 200
    html = response.content.decode()
    for scheme in SCHEMES:
        assert f'href="/vocab/{scheme}.ttl"' in html
        assert f'href="/vocab/{scheme}.jsonld"' in html
    thai = EntityType.objects.get(slug="cooperative").name_th
    assert (label in html) if label else (thai in html)
    assert "OS115" in html
