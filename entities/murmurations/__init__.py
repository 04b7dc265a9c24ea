"""The registry in the Murmurations network (murmurations.network): each
published entity's profile, valid against Murmurations' organizations schema
and the registry's own schema of the seven features (``profiles``), and the
index told when a profile appears, changes or goes (``index``).

The schemas' JSON files sit beside this module; README.md says where each
comes from."""
