"""Deterministic, realistic demo data for the five current countries.

Rows are built in plain Python from one seeded random generator, to be
written in batches with their history by writing.BatchWriter, so a million
entities fit in minutes and in constant memory. Each entity's stored
profile is derived with the framework's own rules (research.framework.Profile).
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from django.contrib.auth import get_user_model

from entities import geography
from entities.models import Entity, Region
from research.framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN, Profile
from research.models import Assessment

from . import vocabulary as vocab

# Share of entities per country, skewed like the real region.
COUNTRY_WEIGHTS = {"TH": 69, "VN": 26, "KH": 2, "MN": 1.5, "KG": 1.5}

STATUS_WEIGHTS = {
    Entity.Status.PUBLISHED: 89,
    Entity.Status.IN_REVIEW: 5,
    Entity.Status.DRAFT: 5,
    Entity.Status.WITHDRAWN: 1,
}

ORIGIN_WEIGHTS = {
    Entity.Origin.COMMUNITY: 34,
    Entity.Origin.GOVERNMENT: 30,
    Entity.Origin.DONOR: 18,
    Entity.Origin.COMPANY: 4,
    Entity.Origin.OTHER: 4,
    Entity.Origin.UNKNOWN: 10,
}
# Groups that people of a place form among themselves are not started by a company.
COMMUNITY_ORIGIN_WEIGHTS = {
    origin: weight for origin, weight in ORIGIN_WEIGHTS.items() if origin != Entity.Origin.COMPANY
}

# How dependent an entity tends to be, by how it came about.
DEPENDENCY_BY_ORIGIN = {
    Entity.Origin.COMMUNITY: {"none": 35, "low": 35, "medium": 20, "high": 5, "unknown": 5},
    Entity.Origin.GOVERNMENT: {"none": 5, "low": 15, "medium": 35, "high": 40, "unknown": 5},
    Entity.Origin.DONOR: {"none": 5, "low": 15, "medium": 35, "high": 40, "unknown": 5},
    Entity.Origin.COMPANY: {"none": 30, "low": 30, "medium": 25, "high": 10, "unknown": 5},
    Entity.Origin.OTHER: {"none": 20, "low": 30, "medium": 30, "high": 10, "unknown": 10},
    Entity.Origin.UNKNOWN: {"none": 10, "low": 20, "medium": 20, "high": 10, "unknown": 40},
}

METHOD_WEIGHTS = {
    Assessment.Method.DESK_REVIEW: 30,
    Assessment.Method.INTERVIEW: 30,
    Assessment.Method.SURVEY: 20,
    Assessment.Method.SITE_VISIT: 15,
    Assessment.Method.SELF_ASSESSMENT: 5,
}

PUBLIC_SOURCES = {
    "TH": "Community Enterprise Promotion Division, register of community enterprises",
    "VN": "Viet Nam Cooperative Alliance, cooperative directory",
    "KH": "Department of Agricultural Cooperative Promotion, register of cooperatives",
    "MN": "National Association of Mongolian Agricultural Cooperatives, member list",
    "KG": "Ministry of Justice, register of legal entities",
}

TODAY = datetime.date(2026, 6, 30)  # fixed, so the same seed gives the same data

# How precisely demo entities are placed: most at their locality (a village
# or town: four decimal places, about 10 m), some at their address, some not
# at all.
PRECISION_WEIGHTS = {
    Entity.LocationPrecision.LOCALITY: 70,
    Entity.LocationPrecision.EXACT: 15,
    None: 15,
}
PLACES = {Entity.LocationPrecision.LOCALITY: 4, Entity.LocationPrecision.EXACT: 6}
# Of the entities that may be registered (a legal person), the share whose
# sources say whether they are (the rest: unknown), and the share of those
# that are.
REGISTRATION_KNOWN = 0.82
REGISTERED_SHARE = 0.8
# Independent second assessments (workflow.independent): about one in twenty
# entities with a submitted assessment has one, by a second researcher of the
# country, submitted and awaiting review. It mostly gives the same scores;
# sometimes one point more or less, more often on the features that take
# judgement (autonomy, democratic governance); now and then it leaves a
# feature the first assessed not assessed.
INDEPENDENT_SHARE = 0.05
INDEPENDENT_OFF_BY_ONE = {"autonomy": 0.25, "democratic_governance": 0.25, "*": 0.08}
INDEPENDENT_LEFT_OPEN = 0.02
POINT_TRIES = 100  # random points of a region's bbox tried before its own point
MARKER_SPREAD = 0.02  # degrees (about 2 km) around a region drawn as a marker


def weighted(rng, weights):
    population, cumulative = _cumulative(weights)
    return rng.choices(population, cum_weights=cumulative)[0]


_CUMULATIVE = {}


def _cumulative(weights):
    # A million draws from the same few tables: add their weights up once.
    key = id(weights)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = (list(weights), list(accumulate(weights.values())))
    return _CUMULATIVE[key]


@dataclass
class Row:
    """One generated entity, its assessments (oldest first) and its SDGs."""

    entity: Entity
    assessments: list  # of (Assessment, {code: (score, evidence)})
    sdgs: list


class DemoGenerator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        # The coordinates draw from a generator of their own, so that every
        # other value is what the same seed gave before entities had them.
        self.places = random.Random(f"coordinates-{seed}")
        self.regions = {}
        for code, country_id in Region.objects.filter(country_id__in=COUNTRY_WEIGHTS).values_list(
            "code", "country_id"
        ):
            self.regions.setdefault(country_id, []).append(code)
        for codes in self.regions.values():
            codes.sort()
        self.assessors = self._demo_assessors()
        # The independent second assessments draw from a generator of their
        # own too, and are made by a second demo researcher of each country.
        self.seconds = random.Random(f"independent-{seed}")
        self.second_assessors = self._demo_assessors(second=True)
        # How often each (country, name) was given: a name comes back numbered
        # ("… Savings Group 2"), so no two entities of a place share one.
        # Bounded by the vocabulary's combinations, whatever the entity count.
        self.names_given = Counter()

    def _demo_assessors(self, *, second=False):
        User = get_user_model()
        assessors = {}
        kind = "second-researcher" if second else "researcher"
        for country in sorted(COUNTRY_WEIGHTS):
            user, created = User.objects.get_or_create(
                username=f"demo-{kind}-{country.lower()}",
                defaults={
                    "first_name": "Demo second researcher" if second else "Demo researcher",
                    "last_name": country,
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            assessors[country] = user.pk
        return assessors

    # --- one entity -----------------------------------------------------------

    def row(self):
        rng = self.rng
        country = weighted(rng, COUNTRY_WEIGHTS)
        type_slug = weighted(rng, vocab.TYPE_WEIGHTS[country])
        type_english, type_local, legal_form = vocab.ENTITY_TYPE_WORDS[country][type_slug]
        activities = [
            activity
            for activity in vocab.ACTIVITIES[country]
            if not activity[3] or type_slug in activity[3]
        ] or vocab.ACTIVITIES[country]
        activity_english, activity_local, sector, _ = rng.choice(activities)
        locality, locality_local = rng.choice(vocab.LOCALITIES[country])
        english_pattern, local_pattern = vocab.NAME_PATTERNS[country]
        name = english_pattern.format(
            locality=locality, activity=activity_english, type=type_english
        )
        name_local = local_pattern.format(
            locality=locality_local, activity=activity_local, type=type_local
        )
        self.names_given[country, name] += 1
        if (given := self.names_given[country, name]) > 1:
            name, name_local = f"{name} {given}", f"{name_local} {given}"
        members = int(rng.lognormvariate(3.6, 1.0)) + 5
        # A group without legal personality is never registered; it keeps the
        # form that says so. Of the others, the sources of some do not say
        # (unknown: None).
        can_register = vocab.has_legal_personality(legal_form)
        draw = rng.random()
        if not can_register:
            registered = False
        elif draw < REGISTRATION_KNOWN:
            registered = draw < REGISTRATION_KNOWN * REGISTERED_SHARE
        else:
            registered = None
        origin = weighted(
            rng,
            COMMUNITY_ORIGIN_WEIGHTS if type_slug in vocab.COMMUNITY_TYPES else ORIGIN_WEIGHTS,
        )
        status = weighted(rng, STATUS_WEIGHTS)
        entity = Entity(
            name=name,
            name_local=name_local,
            country_id=country,
            region_id=rng.choice(self.regions[country]),
            locality=locality,
            entity_type_id=type_slug,
            legal_form=legal_form if registered or not can_register else "",
            sector_id=sector,
            year_established=min(TODAY.year, 1975 + int(rng.betavariate(4, 1.6) * 52)),
            registered=registered,
            registration_number=f"{country}-{rng.randrange(10**7):07d}" if registered else "",
            origin=origin,
            dependency=weighted(rng, DEPENDENCY_BY_ORIGIN[origin]),
            members=members,
            women_share=min(100, max(0, int(rng.gauss(55, 22)))),
            workers=rng.randrange(0, max(2, members // 4)),
            description=rng.choice(vocab.DESCRIPTIONS).format(
                type_lower=type_english.lower(),
                activity_lower=activity_english.lower(),
                locality=locality,
                members=members,
            ),
            website=(
                f"https://example.org/{country.lower()}/{rng.randrange(10**6)}"
                if rng.random() < 0.15
                else ""
            ),
            sources=PUBLIC_SOURCES[country],
            contact_person=rng.choice(vocab.CONTACT_NAMES[country]),
            contact_email=f"contact{rng.randrange(10**6)}@example.org",
            contact_phone=f"+000 {rng.randrange(10**8):08d}",
            internal_notes="Demo record: contact details are invented.",
            status=status,
            is_demo=True,
        )
        self._place(entity)
        assessments = self._assessments(entity)
        if (second := self._independent_second(entity, *assessments[-1])) is not None:
            assessments.append(second)
        current = [
            scores
            for assessment, scores in assessments
            if assessment.status == Assessment.Status.PUBLISHED
        ]
        profile = (
            Profile.from_scores({code: value for code, (value, _) in current[-1].items()})
            if current
            else Profile.empty()
        )
        entity.set_profile(None, profile)  # the assessment id is known once it is saved
        sdgs = rng.sample(range(1, 18), rng.choice((1, 1, 2, 2, 3, 4)))
        return Row(entity, assessments, sorted(sdgs))

    def _place(self, entity):
        """Coordinates inside the entity's region (or near its point, for a
        region drawn as a marker), with their precision; or none."""
        rng = self.places
        precision = weighted(rng, PRECISION_WEIGHTS)
        region = geography.region(entity.region_id) if entity.region_id else None
        if precision is None or region is None:
            return
        places = PLACES[precision]
        if region.is_marker:
            longitude, latitude = region.point
            point = (
                round(latitude + rng.gauss(0, MARKER_SPREAD), places),
                round(longitude + rng.gauss(0, MARKER_SPREAD), places),
            )
        else:
            west, south, east, north = region.bbox
            for _ in range(POINT_TRIES):
                point = (
                    round(rng.uniform(south, north), places),
                    round(rng.uniform(west, east), places),
                )
                if geography.region_contains(region.code, *point):
                    break
            else:
                point = region.latitude, region.longitude  # inside the shape
        entity.latitude, entity.longitude = (Decimal(f"{value:.6f}") for value in point)
        entity.location_precision = precision

    def _assessments(self, entity):
        """One assessment, sometimes with an earlier one kept as history."""
        rng = self.rng
        published = entity.status in (Entity.Status.PUBLISHED, Entity.Status.WITHDRAWN)
        count = 2 if rng.random() < 0.1 else 1
        # Never before the entity existed: from 1 January of its founding year.
        founded = datetime.date(entity.year_established, 1, 1)
        longest = min(1500, (TODAY - founded).days + 1)
        days_ago = sorted((rng.randrange(30, longest) for _ in range(count)), reverse=True)
        status = Assessment.Status.PUBLISHED if published else Assessment.Status(entity.status)
        result = []
        for ago in days_ago:
            assessment = Assessment(
                assessed_on=TODAY - datetime.timedelta(days=ago),
                assessor_id=self.assessors[entity.country_id],
                method=weighted(rng, METHOD_WEIGHTS),
                status=status,
                notes="",
            )
            result.append((assessment, self._scores(entity)))
        return result

    def _independent_second(self, entity, first, first_scores):
        """An independent second assessment of ``first`` (the entity's latest)
        with its scores, for about one in INDEPENDENT_SHARE entities whose
        latest assessment was submitted; else None."""
        rng = self.seconds
        if entity.status not in (Entity.Status.PUBLISHED, Entity.Status.IN_REVIEW):
            return None
        if rng.random() >= INDEPENDENT_SHARE:
            return None
        assessment = Assessment(
            assessed_on=min(TODAY, first.assessed_on + datetime.timedelta(rng.randrange(7, 60))),
            assessor_id=self.second_assessors[entity.country_id],
            method=weighted(rng, METHOD_WEIGHTS),
            status=Assessment.Status.IN_REVIEW,
            notes="",
            independent_of=first,
        )
        scores = {
            code: self._second_score(code, value) for code, (value, _) in first_scores.items()
        }
        return assessment, {
            code: (value, rng.choice(vocab.EVIDENCE[value]) if value is not None else "")
            for code, value in scores.items()
        }

    def _second_score(self, code, first):
        """The second researcher's score of a feature the first scored ``first``."""
        rng = self.seconds
        if first is None:  # one left open may be scored by the other
            return rng.randint(SCORE_MIN, SCORE_MAX) if rng.random() < 0.5 else None
        if rng.random() < INDEPENDENT_LEFT_OPEN:
            return None
        if rng.random() < INDEPENDENT_OFF_BY_ONE.get(code, INDEPENDENT_OFF_BY_ONE["*"]):
            step = rng.choice((-1, 1))
            return first + step if SCORE_MIN <= first + step <= SCORE_MAX else first - step
        return first

    def _scores(self, entity):
        rng = self.rng
        archetype = self._archetype(entity)
        scores = {}
        for code in FEATURE_CODES:
            low, high = archetype.get(code, archetype["*"])
            scores[code] = rng.randint(low, high)
        if rng.random() < 0.08:  # not fully assessed: one to three features left open
            for code in rng.sample(FEATURE_CODES, rng.randint(1, 3)):
                scores[code] = None
        return {
            code: (value, rng.choice(vocab.EVIDENCE[value]) if value is not None else "")
            for code, value in scores.items()
        }

    def _archetype(self, entity):
        """Score ranges per feature ("*": the others), by how the entity came about."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return {"*": (2, 3)}  # practises all seven
        if entity.origin in (Entity.Origin.GOVERNMENT, Entity.Origin.DONOR) or (
            entity.dependency == Entity.Dependency.HIGH
        ):
            return {"*": (1, 3), "autonomy": (0, 1), "democratic_governance": (0, 2)}
        if entity.origin == Entity.Origin.COMPANY:
            return {"*": (1, 3), "people_over_capital": (0, 1), "democratic_governance": (0, 1)}
        if roll < 0.45:
            return {"*": (1, 3), "democratic_governance": (0, 2)}
        return {"*": (0, 3)}
