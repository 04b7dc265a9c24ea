from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = _("Registry: entities and reference data")

    def ready(self):
        from . import reference  # noqa: F401  (clears cached codes when reference data changes)
