"""The admin of every app: the back office is where the registry is worked
on, so the admins of entities and research live here with the workflow they
follow, and those apps never import the back office. Django imports each
installed app's ``admin`` module; importing this package registers them all."""

from . import base, entities, recommendations, releases, research, suggestions  # noqa: F401  (each module registers its admins)
