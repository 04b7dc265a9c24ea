"""Seed the reference data a new registry needs: the programme's countries,
their first-level regions, the entity types, ISIC Rev. 4 sections and the SDGs."""

from django.db import migrations

from ._regions_data import REGIONS

# (alpha-2, name, programme phase)
COUNTRIES = (
    ("KH", "Cambodia", 2),
    ("KG", "Kyrgyzstan", 2),
    ("MN", "Mongolia", 2),
    ("TH", "Thailand", 2),
    ("VN", "Viet Nam", 2),
    ("CN", "China", 1),
    ("ID", "Indonesia", 1),
    ("JP", "Japan", 1),
    ("MY", "Malaysia", 1),
    ("PH", "Philippines", 1),
    ("KR", "Republic of Korea", 1),
    ("LA", "Lao People's Democratic Republic", 1),
)

# (slug, name, description): the forms named by the international definition
# of the SSE, then forms the country studies keep meeting.
ENTITY_TYPES = (
    (
        "cooperative",
        "Cooperative",
        "An autonomous association of persons united voluntarily to meet their common economic, social and cultural needs through a jointly owned and democratically controlled enterprise.",
    ),
    (
        "association",
        "Association",
        "A membership organisation formed by people who pursue a common, non-profit purpose, such as a producers', women's or professional association.",
    ),
    (
        "mutual-society",
        "Mutual society",
        "An organisation owned by its members that pools their contributions to insure or support them against shared risks such as illness, death or crop loss.",
    ),
    (
        "foundation",
        "Foundation",
        "A body that holds and uses assets for a social, cultural or environmental purpose, governed by a board rather than by members.",
    ),
    (
        "social-enterprise",
        "Social enterprise",
        "An enterprise that trades goods or services to pursue a social or environmental mission and reinvests most of its surplus in that mission.",
    ),
    (
        "self-help-group",
        "Self-help group",
        "A small, informal group of people, often women, who meet regularly to save, lend and support each other.",
    ),
    (
        "community-enterprise",
        "Community enterprise",
        "An enterprise owned and run by the people of a community, producing or selling for the community's benefit.",
    ),
    (
        "savings-group",
        "Savings group",
        "A group whose members pool regular savings and lend them to each other, such as a village savings and loan association.",
    ),
    (
        "microfinance-institution",
        "Microfinance institution",
        "An organisation that provides credit, savings and other financial services to people on low incomes.",
    ),
    (
        "other",
        "Other",
        "An entity whose form fits none of the other types; its national legal form says what it is.",
    ),
)

# ISIC Rev. 4 sections.
SECTORS = (
    ("A", "Agriculture, forestry and fishing"),
    ("B", "Mining and quarrying"),
    ("C", "Manufacturing"),
    ("D", "Electricity, gas, steam and air conditioning supply"),
    ("E", "Water supply; sewerage, waste management and remediation activities"),
    ("F", "Construction"),
    ("G", "Wholesale and retail trade; repair of motor vehicles and motorcycles"),
    ("H", "Transportation and storage"),
    ("I", "Accommodation and food service activities"),
    ("J", "Information and communication"),
    ("K", "Financial and insurance activities"),
    ("L", "Real estate activities"),
    ("M", "Professional, scientific and technical activities"),
    ("N", "Administrative and support service activities"),
    ("O", "Public administration and defence; compulsory social security"),
    ("P", "Education"),
    ("Q", "Human health and social work activities"),
    ("R", "Arts, entertainment and recreation"),
    ("S", "Other service activities"),
    (
        "T",
        "Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use",
    ),
    ("U", "Activities of extraterritorial organizations and bodies"),
)

SDGS = (
    (1, "No poverty"),
    (2, "Zero hunger"),
    (3, "Good health and well-being"),
    (4, "Quality education"),
    (5, "Gender equality"),
    (6, "Clean water and sanitation"),
    (7, "Affordable and clean energy"),
    (8, "Decent work and economic growth"),
    (9, "Industry, innovation and infrastructure"),
    (10, "Reduced inequalities"),
    (11, "Sustainable cities and communities"),
    (12, "Responsible consumption and production"),
    (13, "Climate action"),
    (14, "Life below water"),
    (15, "Life on land"),
    (16, "Peace, justice and strong institutions"),
    (17, "Partnerships for the goals"),
)


def load(apps, schema_editor):
    Country = apps.get_model("entities", "Country")
    Region = apps.get_model("entities", "Region")
    EntityType = apps.get_model("entities", "EntityType")
    Sector = apps.get_model("entities", "Sector")
    Goal = apps.get_model("entities", "SustainableDevelopmentGoal")
    Country.objects.bulk_create(
        Country(code=code, name=name, phase=phase) for code, name, phase in COUNTRIES
    )
    Region.objects.bulk_create(
        Region(code=code, country_id=code.split("-")[0], name=name, name_local=name_local)
        for code, name, name_local in REGIONS
    )
    EntityType.objects.bulk_create(
        EntityType(slug=slug, name=name, description=description, position=position)
        for position, (slug, name, description) in enumerate(ENTITY_TYPES, start=1)
    )
    Sector.objects.bulk_create(Sector(code=code, name=name) for code, name in SECTORS)
    Goal.objects.bulk_create(Goal(number=number, name=name) for number, name in SDGS)


def unload(apps, schema_editor):
    for model, key, rows in (
        ("SustainableDevelopmentGoal", "number", SDGS),
        ("Sector", "code", SECTORS),
        ("EntityType", "slug", ENTITY_TYPES),
        ("Region", "code", REGIONS),
        ("Country", "code", COUNTRIES),
    ):
        apps.get_model("entities", model).objects.filter(
            **{f"{key}__in": [row[0] for row in rows]}
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("entities", "0002_initial")]

    operations = [migrations.RunPython(load, unload)]
