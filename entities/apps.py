from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "entities"
    verbose_name = _("Registry: entities and reference data")

    def ready(self):
        # Signal handlers: cached reference codes and cached figures are
        # forgotten when what they were computed from changes, and the pages
        # a change touched are drawn again.
        from . import freshness, reference, warming  # noqa: F401
