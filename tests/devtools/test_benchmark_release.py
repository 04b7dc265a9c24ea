"""benchmark_release: freezing a release is timed on the registry as it is,
and rolled back, so the registry is left as it was."""

from io import StringIO

import pytest
from django.core.management import call_command

from entities.models import Release

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]


def test_freezing_is_timed_and_rolled_back():
    call_command("seed_demo", entities=30, stdout=StringIO())
    out = StringIO()
    call_command("benchmark_release", stdout=out)
    text = out.getvalue()
    assert "Freezing a release of" in text
    assert "entities, " in text and "Rolled back." in text
    assert not Release.objects.exists()
