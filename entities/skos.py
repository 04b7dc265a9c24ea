"""The registry's own vocabularies as SKOS concept schemes, for the SSE data
commons to read the registry's values by: the entity types, the sectors, the
origins, the levels of dependency, the seven features and the score levels.

Each scheme is at ``<site>/vocab/<scheme>`` and each concept at
``<site>/vocab/<scheme>/<code>`` (``settings.SITE_URL``: the address stays
the same whatever address a request came by), with a label in every language
of the registry that has one (``skos:prefLabel`` with its language tag), a
definition where the registry has one, and, for the types and the sectors,
the SKOS mapping to ESSGlobal's concept (entities.vocabularies).

The files are written here without an RDF library: JSON-LD as plain dicts,
Turtle by ``turtle``, which escapes every literal and address it writes.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from research.framework import SCORE_MEANINGS, ScoreLevel
from research.models import Feature

from . import vocabularies
from .models import Dependency, EntityType, Origin, Sector

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"

JSONLD_MEDIA_TYPE = "application/ld+json"
TURTLE_MEDIA_TYPE = "text/turtle"


@dataclass(frozen=True)
class Concept:
    code: str
    labels: dict  # language -> text
    definitions: dict = field(default_factory=dict)  # language -> text
    matches: tuple = ()  # (vocabularies.MatchKind value, URI of the other concept)


@dataclass(frozen=True)
class Scheme:
    slug: str
    title: str  # lazy: translated into every language
    description: str  # lazy
    read: object  # () -> [Concept]

    def concepts(self):
        return self.read()


def languages():
    return [code for code, _name in settings.LANGUAGES]


def translations(text):
    """{language: ``text`` in it} of a lazy text: English always, another
    language only where its translation differs (an untranslated text falls
    back to the English and is not labelled as the other language)."""
    with translation.override("en"):
        english = str(text)
    found = {"en": english}
    for language in languages():
        if language != "en":
            with translation.override(language):
                translated = str(text)
            if translated and translated != english:
                found[language] = translated
    return found


def columns(record, name):
    """{language: value} of a translated field (django-modeltranslation's
    ``<name>_<language>`` columns), for the languages that have a value."""
    found = {}
    for language in languages():
        value = getattr(record, f"{name}_{language}", None)
        if value:
            found[language] = value
    return found


def choices(options, definitions=None):
    return [
        Concept(
            code=str(value),
            labels=translations(label),
            definitions=translations(definitions[value]) if definitions else {},
        )
        for value, label in options.choices
    ]


def entity_types():
    return [
        Concept(
            code=kind.slug,
            labels=columns(kind, "name"),
            definitions=columns(kind, "description"),
            matches=(
                ((kind.essglobal_match, vocabularies.structure_uri(kind.essglobal_structure)),)
                if kind.essglobal_structure
                else ()
            ),
        )
        for kind in EntityType.objects.order_by("position", "name")
    ]


def sectors():
    return [
        Concept(
            code=sector.code,
            labels=columns(sector, "name"),
            matches=(
                (
                    (
                        vocabularies.MatchKind.EXACT.value,
                        vocabularies.activity_uri(sector.essglobal_activity),
                    ),
                )
                if sector.essglobal_activity
                else ()
            ),
        )
        for sector in Sector.objects.order_by("code")
    ]


def features():
    return [
        Concept(
            code=feature.code,
            labels=columns(feature, "name"),
            definitions=columns(feature, "definition"),
        )
        for feature in Feature.objects.order_by("position")
    ]


SCHEMES = {
    scheme.slug: scheme
    for scheme in (
        Scheme(
            "entity-types",
            _("Entity types"),
            _(
                "The forms of SSE entity the registry records, with the closest ESSGlobal "
                "organisational structure."
            ),
            entity_types,
        ),
        Scheme(
            "sectors",
            _("Sectors (ISIC Rev. 4 sections)"),
            _(
                "The sections of ISIC Rev. 4 an entity's main activity falls in, with "
                "ESSGlobal's activity for each."
            ),
            sectors,
        ),
        Scheme(
            "origins",
            _("Origins"),
            _("Who started the entity."),
            lambda: choices(Origin),
        ),
        Scheme(
            "dependency-levels",
            _("Dependency on government and donors"),
            _("How much the entity depends on government and donors."),
            lambda: choices(Dependency),
        ),
        Scheme(
            "features",
            _("The seven features"),
            _("The seven features of the SSE each entity is assessed on."),
            features,
        ),
        Scheme(
            "score-levels",
            _("Score levels"),
            _("How far an entity practises a feature, from 0 to 3."),
            lambda: choices(ScoreLevel, SCORE_MEANINGS),
        ),
    )
}


def uri(slug, code=None):
    """The stable address of a scheme, or of one of its concepts."""
    if code is None:
        path = reverse("vocab-scheme", kwargs={"scheme": slug})
    else:
        path = reverse("vocab-concept", kwargs={"scheme": slug, "code": code})
    return settings.SITE_URL.rstrip("/") + path


# --- JSON-LD ---------------------------------------------------------------------

CONTEXT = {
    "skos": SKOS,
    "dct": DCT,
    "title": {"@id": "dct:title", "@container": "@language"},
    "description": {"@id": "dct:description", "@container": "@language"},
    "hasTopConcept": {"@id": "skos:hasTopConcept", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "topConceptOf": {"@id": "skos:topConceptOf", "@type": "@id"},
    "notation": "skos:notation",
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "definition": {"@id": "skos:definition", "@container": "@language"},
    **{kind: {"@id": f"skos:{kind}", "@type": "@id"} for kind in vocabularies.MatchKind.values},
}


def jsonld(scheme, concepts):
    """The scheme and its concepts as a JSON-LD document (a dict)."""
    scheme_uri = uri(scheme.slug)
    nodes = [
        {
            "@id": scheme_uri,
            "@type": "skos:ConceptScheme",
            "title": translations(scheme.title),
            "description": translations(scheme.description),
            "hasTopConcept": [uri(scheme.slug, concept.code) for concept in concepts],
        }
    ]
    for concept in concepts:
        node = {
            "@id": uri(scheme.slug, concept.code),
            "@type": "skos:Concept",
            "inScheme": scheme_uri,
            "topConceptOf": scheme_uri,
            "notation": concept.code,
            "prefLabel": concept.labels,
        }
        if concept.definitions:
            node["definition"] = concept.definitions
        for kind, other in concept.matches:
            node.setdefault(kind, []).append(other)
        nodes.append(node)
    return {"@context": CONTEXT, "@graph": nodes}


# --- Turtle ----------------------------------------------------------------------

# Characters a Turtle IRI may not hold as they are (IRIREF), written %XX.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LANGUAGE_TAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def turtle_iri(address):
    def encoded(match):
        return "".join(f"%{byte:02X}" for byte in match.group().encode())

    return f"<{_IRI_FORBIDDEN.sub(encoded, address)}>"


def turtle_string(text):
    """``text`` as a Turtle string literal: backslash, quote and line breaks
    escaped, and any other control character as \\uXXXX."""
    out = []
    for char in text:
        if char in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def turtle_literals(texts):
    """Language-tagged literals of {language: text}."""
    for language in texts:
        if not _LANGUAGE_TAG.fullmatch(language):
            raise ValueError(f"Not a language tag: {language!r}")
    return [f"{turtle_string(text)}@{language}" for language, text in texts.items()]


def _statement(subject, properties):
    """One subject with its (predicate, [objects]) pairs; those without objects left out."""
    lines = [
        f"    {predicate} {', '.join(objects)}" for predicate, objects in properties if objects
    ]
    return f"{subject}\n" + " ;\n".join(lines) + " .\n"


def turtle(scheme, concepts):
    """The scheme and its concepts as a Turtle document (text)."""
    scheme_iri = turtle_iri(uri(scheme.slug))
    parts = [
        f"@prefix skos: {turtle_iri(SKOS)} .\n@prefix dct: {turtle_iri(DCT)} .\n",
        _statement(
            scheme_iri,
            [
                ("a", ["skos:ConceptScheme"]),
                ("dct:title", turtle_literals(translations(scheme.title))),
                ("dct:description", turtle_literals(translations(scheme.description))),
                (
                    "skos:hasTopConcept",
                    [turtle_iri(uri(scheme.slug, concept.code)) for concept in concepts],
                ),
            ],
        ),
    ]
    for concept in concepts:
        matches = {}
        for kind, other in concept.matches:
            matches.setdefault(kind, []).append(turtle_iri(other))
        parts.append(
            _statement(
                turtle_iri(uri(scheme.slug, concept.code)),
                [
                    ("a", ["skos:Concept"]),
                    ("skos:inScheme", [scheme_iri]),
                    ("skos:topConceptOf", [scheme_iri]),
                    ("skos:notation", [turtle_string(concept.code)]),
                    ("skos:prefLabel", turtle_literals(concept.labels)),
                    ("skos:definition", turtle_literals(concept.definitions)),
                    *((f"skos:{kind}", iris) for kind, iris in matches.items()),
                ],
            )
        )
    return "\n".join(parts)
