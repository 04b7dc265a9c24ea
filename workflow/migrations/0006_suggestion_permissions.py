"""Suggestions from the public (entities.Suggestion) in the roles: national
researchers and reviewers read them and handle them (the permission to
change one is the permission to accept, merge or reject it; researchers only
in their countries: workflow.suggestions); administrators may also delete
one. Nobody adds one in the admin: they come from the public form."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RESEARCHER = "National researcher"
REVIEWER = "Reviewer"
ADMINISTRATOR = "Administrator"

HANDLE = [
    "entities.view_suggestion",
    "entities.change_suggestion",
    "entities.view_historicalsuggestion",
]
GRANTED = {
    RESEARCHER: HANDLE,
    REVIEWER: HANDLE,
    ADMINISTRATOR: [*HANDLE, "entities.delete_suggestion"],
}


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
        ("workflow", "0005_review_due"),
        ("entities", "0025_suggestions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
