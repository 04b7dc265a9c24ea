from django.core.management.base import BaseCommand

from entities.models import Entity
from entities.profiles import refresh_profiles


class Command(BaseCommand):
    help = (
        "Re-derive every entity's stored profile from its latest published assessment, "
        "e.g. after changing SSE_PRACTISING_THRESHOLD or the band limits."
    )

    def handle(self, *args, **options):
        ids = Entity.objects.order_by("pk").values_list("pk", flat=True).iterator()
        changed = refresh_profiles(ids)
        self.stdout.write(self.style.SUCCESS(f"{changed:,} entity profiles changed."))
