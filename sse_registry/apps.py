from django.contrib.admin import apps as admin
from django.contrib.staticfiles import apps as staticfiles


class RegistryAdminConfig(admin.AdminConfig):
    """django.contrib.admin, with the registry's site as ``admin.site``."""

    default = False  # named in INSTALLED_APPS, not the sse_registry app's config
    default_site = "workflow.admin_site.RegistryAdminSite"


class RegistryStaticFilesConfig(staticfiles.StaticFilesConfig):
    """collectstatic leaves out ReDoc, which drf-spectacular-sidecar ships but
    the registry does not serve (its API docs are Swagger UI): 5 MB less to
    hash and compress at every deployment."""

    default = False  # named in INSTALLED_APPS, not the sse_registry app's config
    ignore_patterns = [*staticfiles.StaticFilesConfig.ignore_patterns, "redoc"]
