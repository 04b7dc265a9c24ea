"""Importing from other directories of the SSE data commons.

Each module reads one format into the registry's import rows
(``rows.ExternalRow``: the values under the import template's column names,
the record's identifiers elsewhere and its provenance): ``essglobal``
(the ESSGlobal standard CSV), ``ica`` (the ICA directory's CSV), ``kvm``
(Karte von morgen's entries), ``gogocarto`` (a GoGoCarto map's elements),
``murmurations`` (the Murmurations index or its profiles), ``jsonld``
(schema.org organisations). ``formats`` names them, with each one's source
and licence; ``mapping`` holds what they share (countries in any language,
the sectors and types of the ESSGlobal vocabularies, addresses and
contacts); ``plan`` turns the rows into the import's dataset for one user
(scope, skipped rows, re-imports by identifier) and ``resource`` imports it
through the spreadsheet import's resource, writing the identifiers and the
provenance in the same transaction.
"""
