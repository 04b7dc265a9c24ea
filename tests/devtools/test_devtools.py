"""The dev tooling (demo data, the benchmark, demo accounts) is an app of its
own, installed only where wanted, which the registry's apps never import."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

from ..source import ROOT, imported_modules

REGISTRY_APPS = ["core", "entities", "research", "workflow", "sse_registry"]


def installed_apps(monkeypatch, **env):
    """INSTALLED_APPS as the settings module reads them from ``env``."""
    for name in ("DEBUG", "DEVTOOLS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-test-secret-key-of-fifty-or-more-characters-0123456789")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "sse_registry" / "settings.py"))["INSTALLED_APPS"]


def test_dev_tooling_is_installed_by_default_in_development_only(monkeypatch):
    assert "devtools" in installed_apps(monkeypatch)
    assert "devtools" not in installed_apps(monkeypatch, DEBUG="false")


def test_a_production_like_run_installs_the_dev_tooling_when_asked(monkeypatch):
    assert "devtools" in installed_apps(monkeypatch, DEBUG="false", DEVTOOLS="true")
    assert "devtools" not in installed_apps(monkeypatch, DEVTOOLS="false")
    with pytest.raises(ImproperlyConfigured, match="DEVTOOLS"):
        installed_apps(monkeypatch, DEVTOOLS="sometimes")


@pytest.mark.parametrize("app", REGISTRY_APPS)
def test_the_registry_apps_never_import_the_dev_tooling(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        for module in imported_modules(path):
            assert module.split(".")[0] != "devtools", f"{path.relative_to(ROOT)} imports {module}"
