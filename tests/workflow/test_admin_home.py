"""The admin lives in the back office: every admin of the registry's models,
and the user admin with its countries, is defined in workflow/admin/, and the
registry and the research framework have no admin module of their own."""

import importlib.util

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model


def defined_in(model):
    return type(admin.site.get_model_admin(model)).__module__


@pytest.mark.parametrize("label", ["entities", "research", "workflow"])
def test_every_admin_of_the_registry_is_defined_in_the_back_office(label):
    models = apps.get_app_config(label).get_models()
    registered = [model for model in models if admin.site.is_registered(model)]
    assert registered or label == "workflow"
    for model in registered:
        assert defined_in(model).startswith("workflow.admin."), model


def test_the_user_admin_is_the_back_offices():
    assert defined_in(get_user_model()) == "workflow.admin.base"


@pytest.mark.parametrize("package", ["entities", "research"])
def test_the_registry_and_the_framework_have_no_admin_module(package):
    assert importlib.util.find_spec(f"{package}.admin") is None
