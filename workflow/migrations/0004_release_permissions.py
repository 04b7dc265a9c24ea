"""Releases (entities.Release) in the roles: reviewers and administrators
freeze them and read them in the admin. Nobody changes or deletes one (the
admin offers neither), so those permissions are granted to no role."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = "Reviewer"
ADMINISTRATOR = "Administrator"

FREEZE = ["entities.view_release", "entities.add_release"]
GRANTED = {REVIEWER: FREEZE, ADMINISTRATOR: FREEZE}


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
        ("workflow", "0003_country_recommendation_permissions"),
        ("entities", "0016_releases"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
