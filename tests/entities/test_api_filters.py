"""Every filter of the entity list, alone and combined, and a clear 400 for
every bad value. The registry is tests/registry.py."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def names(api, **params):
    response = api.get("/api/v1/entities/", {**params, "page_size": 500})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == len(body["results"])
    return {row["name"] for row in body["results"]}


def keys(entities, *wanted):
    return {entities[key].name for key in wanted}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "TH"}, ["th_coop", "th_ce", "th_ce2"]),
        ({"country": "th"}, ["th_coop", "th_ce", "th_ce2"]),
        ({"country": "TH,vn"}, ["th_coop", "th_ce", "th_ce2", "vn_coop", "vn_coop2"]),
        ({"country": ["KH", "MN"]}, ["kh_sg", "mn_coop"]),
        ({"region": "TH-50"}, ["th_ce", "th_ce2"]),
        ({"region": "th-40,VN-HN"}, ["th_coop", "vn_coop"]),
        ({"entity_type": "community-enterprise"}, ["th_ce", "th_ce2"]),
        ({"entity_type": "savings-group,association"}, ["kh_sg", "kg_assoc"]),
        ({"sector": "c,I"}, ["th_ce", "th_ce2"]),
        ({"origin": "donor"}, ["th_ce2", "kh_sg"]),
        ({"dependency": "high"}, ["th_coop", "kh_sg"]),
        ({"registered": "true"}, ["th_coop", "vn_coop"]),
        ({"registered": "false", "country": "TH"}, ["th_ce", "th_ce2"]),
        # Unknown is neither: only the entity whose sources do not say.
        ({"registered": "unknown"}, ["kg_assoc"]),
        ({"registered": "false"}, ["th_ce", "th_ce2", "vn_coop2", "kh_sg", "mn_coop"]),
        ({"sdg": "5"}, ["th_ce", "kh_sg"]),
        ({"practises": "autonomy"}, ["th_ce", "th_ce2", "vn_coop2"]),
        (
            {"practises": "mutual_aid,people_over_capital"},
            ["th_coop", "th_ce", "vn_coop", "vn_coop2", "mn_coop"],
        ),
        ({"lacks": "autonomy"}, ["th_coop", "vn_coop", "kh_sg", "mn_coop"]),
        ({"lacks": "autonomy,democratic_governance"}, ["vn_coop", "kh_sg"]),
        ({"practised_min": "7"}, ["th_ce", "vn_coop2"]),
        (
            {"practised_min": "5", "practised_max": "6"},
            ["th_coop", "vn_coop", "mn_coop", "th_ce2"],
        ),
        ({"practised_max": "2"}, ["kh_sg"]),
        ({"band": "all"}, ["th_ce", "vn_coop2"]),
        ({"band": "most"}, ["th_coop", "vn_coop", "mn_coop"]),
        ({"band": "some"}, ["kh_sg"]),
        ({"band": "unassessed"}, ["th_ce2", "kg_assoc"]),
        ({"band": "none"}, []),
        ({"year_min": "2010"}, ["th_ce", "th_ce2", "kh_sg", "vn_coop2"]),
        ({"year_max": "2001"}, ["th_coop", "mn_coop"]),
        ({"year_min": "2001", "year_max": "2005"}, ["vn_coop", "mn_coop"]),
        ({"country": "TH", "lacks": "autonomy", "band": "most"}, ["th_coop"]),
        ({"country": "VN", "entity_type": "cooperative", "practises": "autonomy"}, ["vn_coop2"]),
        # Placed by stored coordinates: Ban Nong Bua's, not its region's point (102.68 E).
        ({"bbox": "102.7,16,103,17"}, ["th_coop"]),
        # Placed by the region's point (Chiang Mai's) when there are no coordinates.
        ({"bbox": "98,18,99,19"}, ["th_ce", "th_ce2"]),
        # Stored coordinates win over the region's point (Kampong Cham's, 105.2 E).
        ({"bbox": "105,11.5,105.3,12.5"}, []),
        ({"bbox": "105.3,11,106,13"}, ["kh_sg"]),
        (
            {"bbox": "-180,-90,180,90"},
            ["th_coop", "th_ce", "th_ce2", "vn_coop", "vn_coop2", "kh_sg", "mn_coop", "kg_assoc"],
        ),
        ({"bbox": "97,5,106,21", "origin": "community"}, ["th_ce"]),
    ],
)
def test_filter_keeps_exactly_the_matching_entities(api, entities, params, expected):
    assert names(api, **params) == keys(entities, *expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hop tac xa", ["vn_coop", "vn_coop2"]),  # Vietnamese typed without diacritics
        ("Hợp tác xã", ["vn_coop", "vn_coop2"]),
        ("HOP TAC XA dong hoa", ["vn_coop"]),  # đ found by d, words in any order
        ("Đông Hòa", ["vn_coop"]),
        ("วิสาหกิจชุมชน", ["th_ce", "th_ce2"]),  # Thai
        ("บ้านหนองบัว", ["th_coop"]),
        ("ក្រុមសន្សំ", ["kh_sg"]),  # Khmer
        ("ХОРШОО", ["mn_coop"]),  # Mongolian Cyrillic, any case
        ("weaving", ["th_ce"]),
        ("hyperlink", ["kg_assoc"]),  # description is searched too
        ("nothing like this", []),
    ],
)
def test_text_search_works_across_scripts(api, entities, query, expected):
    assert names(api, q=query) == keys(entities, *expected)


def test_search_ignores_unpublished_entities(api, entities):
    assert names(api, q="draft") == set()


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("name", "th_ce"),
        ("-name", "vn_coop2"),
        ("-features_practised", "th_ce"),
        ("year_established", "th_coop"),
        ("-year_established", "vn_coop2"),
    ],
)
def test_ordering(api, entities, ordering, first):
    rows = api.get("/api/v1/entities/", {"ordering": ordering}).json()["results"]
    assert rows[0]["name"] == entities[first].name


@pytest.mark.parametrize(
    "ordering",
    [["features_practised", "-name"], ["features_practised,-name"], ["features_practised, -name"]],
)
def test_several_orderings_repeated_or_comma_separated(api, entities, ordering):
    rows = api.get("/api/v1/entities/", {"ordering": ordering, "page_size": 500}).json()
    listed = [(row["features_practised"], row["name"]) for row in rows["results"]]
    # Fewest features first, unassessed last; among equals, names from Z to A.
    expected = sorted(listed, key=lambda row: row[1], reverse=True)
    expected.sort(key=lambda row: (row[0] is None, row[0] or 0))
    assert listed == expected
    assert len({features for features, _ in listed}) < len(listed)  # there are ties to break


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"country": "XX"}, "country", "KH"),
        ({"country": "TH,Thailand"}, "country", "THAILAND"),
        ({"region": "TH-99"}, "region", "Unknown value"),
        ({"entity_type": "coop"}, "entity_type", "cooperative"),
        ({"sector": "Z"}, "sector", "Unknown value"),
        ({"origin": "aliens"}, "origin", "community"),
        ({"dependency": "total"}, "dependency", "none"),
        ({"band": "half"}, "band", "unassessed"),
        ({"practises": "autonomyy"}, "practises", "autonomy"),
        ({"lacks": "democracy"}, "lacks", "democratic_governance"),
        ({"practised_min": "abc"}, "practised_min", "0 to 7"),
        ({"practised_max": "8"}, "practised_max", "0 to 7"),
        ({"practised_min": "2.5"}, "practised_min", "0 to 7"),
        ({"sdg": "18"}, "sdg", "1 to 17"),
        ({"year_min": "year"}, "year_min", "1800"),
        ({"registered": "maybe"}, "registered", "true, false or unknown"),
        ({"registered": "null"}, "registered", "true, false or unknown"),
        # Exactly the schema's three words: no 1/0, yes/no or capitals.
        ({"registered": "1"}, "registered", "true, false or unknown"),
        ({"registered": "no"}, "registered", "true, false or unknown"),
        ({"registered": "Unknown"}, "registered", "true, false or unknown"),
        ({"registered": ["true", "unknown"]}, "registered", "once"),
        ({"ordering": "members"}, "ordering", ""),
        ({"ordering": "name,"}, "ordering", "empty ordering"),
        ({"ordering": ["name", ""]}, "ordering", "Give a value"),
        ({"ordering": ",,"}, "ordering", "empty ordering"),
        ({"ordering": ["name"] * 101}, "ordering", "at most 100"),
        ({"q": "x" * 201}, "q", "200"),
        ({"bbox": "1,2,3"}, "bbox", "must be four"),
        ({"bbox": "west,south,east,north"}, "bbox", "must be four"),
        ({"bbox": "0,0,nan,1"}, "bbox", "must be four"),
        ({"bbox": "10,0,5,1"}, "bbox", "west must be less than east"),
        ({"bbox": "0,0,200,1"}, "bbox", "-180 and 180"),
        ({"bbox": "0,-95,1,1"}, "bbox", "-90 and 90"),
        ({"bbox": ["0,0,1,1", "0,0,2,2"]}, "bbox", "once"),
        ({"bbox": "1," * 200}, "bbox", "must be four"),
    ],
)
def test_bad_value_is_a_400_that_names_the_parameter(api, entities, params, parameter, says):
    response = api.get("/api/v1/entities/", params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert says in " ".join(body[parameter])


def test_unknown_parameters_are_ignored(api, entities):
    assert names(api, colour="blue") == names(api)
