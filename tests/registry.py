"""A small, known registry for the API tests: who is in it and what each one
practises is spelled out here, so every expected count can be read off."""

from decimal import Decimal

from entities.models import Entity

from .factories import EntityFactory, assess

ALL = [3, 3, 3, 3, 3, 3, 3]
NO_AUTONOMY = [3, 3, 2, 2, 3, 0, 3]  # 6 practised: most
NO_AUTONOMY_NO_DEMOCRACY = [2, 2, 2, 2, 1, 1, 2]  # 5 practised: most
FEW = [2, 1, 1, 0, 1, 0, 2]  # 2 practised: some
OPEN = [3, 3, 3, None, None, 2, 2]  # not fully assessed


def build():
    """Eight published entities and two that must never be public."""
    rows = {
        "th_coop": dict(
            name="Ban Nong Bua Rice Cooperative",
            name_local="สหกรณ์ข้าวบ้านหนองบัว",
            country_id="TH",
            region_id="TH-40",
            entity_type_id="cooperative",
            sector_id="A",
            origin="government",
            dependency="high",
            registered=True,
            registration_number="TH-1",
            year_established=1995,
            latitude=Decimal("16.4322"),
            longitude=Decimal("102.8236"),
            location_precision="locality",
            scores=NO_AUTONOMY,
            sdgs=[1, 2],
        ),
        "th_ce": dict(
            name="Ban Don Weaving Community Enterprise",
            name_local="วิสาหกิจชุมชนทอผ้าบ้านดอน",
            country_id="TH",
            region_id="TH-50",
            entity_type_id="community-enterprise",
            sector_id="C",
            origin="community",
            dependency="low",
            registered=False,
            year_established=2012,
            scores=ALL,
            sdgs=[5, 8],
        ),
        "th_ce2": dict(
            name="Ban Mae Tha Homestay Community Enterprise",
            name_local="วิสาหกิจชุมชนโฮมสเตย์บ้านแม่ทา",
            country_id="TH",
            region_id="TH-50",
            entity_type_id="community-enterprise",
            sector_id="I",
            origin="donor",
            dependency="medium",
            registered=False,
            year_established=2018,
            scores=OPEN,
            sdgs=[8],
        ),
        "vn_coop": dict(
            name="Dong Hoa Agricultural Cooperative",
            name_local="Hợp tác xã Nông nghiệp Đông Hòa",
            country_id="VN",
            region_id="VN-HN",
            entity_type_id="cooperative",
            sector_id="A",
            origin="government",
            dependency="medium",
            registered=True,
            year_established=2005,
            latitude=Decimal("21.028511"),
            longitude=Decimal("105.804817"),
            location_precision="exact",
            scores=NO_AUTONOMY_NO_DEMOCRACY,
            sdgs=[2],
        ),
        "vn_coop2": dict(
            name="Tan Phu Tea Cooperative",
            name_local="Hợp tác xã chè Tân Phú",
            country_id="VN",
            region_id="VN-SG",
            entity_type_id="cooperative",
            sector_id="A",
            origin="community",
            dependency="none",
            registered=False,
            year_established=2020,
            scores=ALL,
            sdgs=[],
        ),
        "kh_sg": dict(
            name="Kampong Cham Women's Savings Group",
            name_local="ក្រុមសន្សំប្រាក់ស្ត្រីកំពង់ចាម",
            country_id="KH",
            region_id="KH-3",
            entity_type_id="savings-group",
            sector_id="K",
            origin="donor",
            dependency="high",
            registered=False,
            year_established=2015,
            latitude=Decimal("12"),
            longitude=Decimal("105.45"),
            location_precision="region",
            scores=FEW,
            sdgs=[1, 5],
        ),
        "mn_coop": dict(
            name="Erdenesant Herders Cooperative",
            name_local="Эрдэнэсант сумын малчдын хоршоо",
            country_id="MN",
            region_id="MN-047",
            entity_type_id="cooperative",
            sector_id="A",
            origin="community",
            dependency="low",
            registered=False,
            year_established=2001,
            scores=NO_AUTONOMY,
            sdgs=[1],
        ),
        "kg_assoc": dict(
            name="Naryn Dairy Association",
            name_local="Нарын сүт ассоциациясы",
            country_id="KG",
            region_id="KG-N",
            entity_type_id="association",
            sector_id="A",
            origin="unknown",
            dependency="unknown",
            # registered: unknown (the default), as its origin and dependency.
            year_established=None,
            scores=None,
            sdgs=[],
            description='=HYPERLINK("http://evil.example") injected',
        ),
        "th_draft": dict(
            name="Ban Nong Bua Draft Cooperative",
            country_id="TH",
            entity_type_id="cooperative",
            sector_id="A",
            status=Entity.Status.DRAFT,
            scores=ALL,
            sdgs=[1],
        ),
        "th_withdrawn": dict(
            name="Ban Don Withdrawn Group",
            country_id="TH",
            entity_type_id="other",
            sector_id="A",
            status=Entity.Status.WITHDRAWN,
            scores=ALL,
            sdgs=[],
        ),
    }
    built = {}
    for key, fields in rows.items():
        scores = fields.pop("scores")
        sdgs = fields.pop("sdgs")
        entity = EntityFactory(
            contact_person="Private Person",
            contact_email="private@example.org",
            contact_phone="+000 5550100",
            internal_notes="Internal note never public",
            **fields,
        )
        entity.sdgs.set(sdgs)
        if scores is not None:
            assess(entity, scores)
        built[key] = entity
    return built


PUBLISHED = 8
PRIVATE_VALUES = ["Private Person", "private@example.org", "5550100", "Internal note never public"]
