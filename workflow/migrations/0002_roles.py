"""The three roles, as groups with their permissions.

- National researcher: sees the reference data; adds and edits entities and
  assessments (drafts, in their assigned countries) and submits them.
- Reviewer: all countries; edits, publishes, withdraws, returns to draft.
- Administrator: everything, including deleting and managing people.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RESEARCHER = "National researcher"
REVIEWER = "Reviewer"
ADMINISTRATOR = "Administrator"

REFERENCE = [
    "entities.view_country",
    "entities.view_region",
    "entities.view_entitytype",
    "entities.view_sector",
    "entities.view_sustainabledevelopmentgoal",
    "research.view_feature",
]
RESEARCHER_PERMISSIONS = [
    *REFERENCE,
    "entities.view_entity",
    "entities.add_entity",
    "entities.change_entity",
    "research.view_assessment",
    "research.add_assessment",
    "research.change_assessment",
    "research.view_score",
    "entities.view_historicalentity",
    "research.view_historicalassessment",
    "research.view_historicalscore",
]
REVIEWER_PERMISSIONS = [
    *RESEARCHER_PERMISSIONS,
    "entities.review_entity",
    "research.review_assessment",
    "workflow.work_in_all_countries",
]


def permissions(Permission, names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    researcher, _ = Group.objects.get_or_create(name=RESEARCHER)
    researcher.permissions.set(permissions(Permission, RESEARCHER_PERMISSIONS))
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    reviewer.permissions.set(permissions(Permission, REVIEWER_PERMISSIONS))
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[RESEARCHER, REVIEWER, ADMINISTRATOR]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_initial"),
        ("entities", "0006_fill_name_keys"),
        ("research", "0003_history_and_workflow_fields"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
