"""The countries' own recommendations (entities.CountryRecommendation) in the
roles: reviewers write them for any country (and, as they never delete, do not
delete them), national researchers read them as they read the other reference
data (their own countries' only, by the admin's scoping), and administrators,
who have every permission, get these too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RESEARCHER = "National researcher"
REVIEWER = "Reviewer"
ADMINISTRATOR = "Administrator"

READ = ["entities.view_countryrecommendation"]
WRITE = [
    *READ,
    "entities.add_countryrecommendation",
    "entities.change_countryrecommendation",
    "entities.view_historicalcountryrecommendation",
]
ALL = [
    *WRITE,
    "entities.delete_countryrecommendation",
    "entities.add_historicalcountryrecommendation",
    "entities.change_historicalcountryrecommendation",
    "entities.delete_historicalcountryrecommendation",
]
GRANTED = {RESEARCHER: READ, REVIEWER: WRITE, ADMINISTRATOR: ALL}


def permissions(Permission, names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTED):
        group.permissions.add(*permissions(Permission, GRANTED[group.name]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTED):
        group.permissions.remove(*permissions(Permission, GRANTED[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0002_roles"),
        ("entities", "0015_country_recommendations"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
