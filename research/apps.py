from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research: features and assessments")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
