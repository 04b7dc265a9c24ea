"""Fill each sector's ESSGlobal activity and each entity type's closest
ESSGlobal organisational structure with how close it is, as
entities/vocabularies.py maps them (copied here as they were when this
migration was written). A value already given in the admin is kept."""

from django.db import migrations

# ISIC Rev. 4 section -> ESSGlobal activity: A…U are a01…a21.
SECTOR_ACTIVITIES = {
    section: f"a{number:02d}" for number, section in enumerate("ABCDEFGHIJKLMNOPQRSTU", 1)
}

# Entity type -> (ESSGlobal organisational structure, SKOS match); "other" has none.
TYPE_STRUCTURES = {
    "cooperative": ("OS115", "exactMatch"),
    "association": ("OS20", "broadMatch"),
    "mutual-society": ("OS170", "exactMatch"),
    "foundation": ("OS20", "broadMatch"),
    "social-enterprise": ("OS30", "exactMatch"),
    "self-help-group": ("OS10", "broadMatch"),
    "community-enterprise": ("OS30", "broadMatch"),
    "savings-group": ("OS10", "broadMatch"),
    "microfinance-institution": ("OS50", "closeMatch"),
}


def fill(apps, schema_editor):
    Sector = apps.get_model("entities", "Sector")
    EntityType = apps.get_model("entities", "EntityType")
    for code, activity in SECTOR_ACTIVITIES.items():
        Sector.objects.filter(code=code, essglobal_activity="").update(essglobal_activity=activity)
    for slug, (structure, match) in TYPE_STRUCTURES.items():
        EntityType.objects.filter(slug=slug, essglobal_structure="").update(
            essglobal_structure=structure, essglobal_match=match
        )


def empty(apps, schema_editor):
    apps.get_model("entities", "Sector").objects.update(essglobal_activity="")
    apps.get_model("entities", "EntityType").objects.update(
        essglobal_structure="", essglobal_match=""
    )


class Migration(migrations.Migration):
    dependencies = [("entities", "0020_essglobal_vocabularies_identifiers_provenance")]

    operations = [migrations.RunPython(fill, empty)]
