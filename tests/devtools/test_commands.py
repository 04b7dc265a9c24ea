import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from entities.models import Entity
from research.framework import Band

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the demo admin is for SQLite only")
def test_demo_admin_prints_credentials_that_log_in(client, settings):
    settings.DEBUG = True  # as under `make run`
    out = StringIO()
    call_command("demo_admin", stdout=out)
    passwords = dict(re.findall(r"username: (\S+)  password: (\S+)", out.getvalue()))
    assert set(passwords) == {"admin", "reviewer", "somchai", "lan"}
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    somchai = get_user_model().objects.get(username="somchai")
    assert list(somchai.country_assignments.values_list("country_id", flat=True)) == ["TH"]
    assert somchai.groups.get().name == "National researcher"
    for username, password in passwords.items():
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        client.logout()


def test_demo_admin_refuses_outside_local_sqlite(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SQLite"):
        call_command("demo_admin", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()


def test_refresh_profiles_follows_a_new_threshold(settings):
    entity = EntityFactory()
    assess(entity, [3, 3, 3, 3, 3, 3, 2])
    assert Entity.objects.get().band == Band.ALL
    settings.SSE_PRACTISING_THRESHOLD = 3
    out = StringIO()
    call_command("refresh_profiles", stdout=out)
    assert "1 entity profiles changed" in out.getvalue()
    assert Entity.objects.get().band == Band.MOST


def test_seed_demo_refuses_a_negative_count():
    with pytest.raises(CommandError, match="--entities"):
        call_command("seed_demo", entities=-1, stdout=StringIO())
