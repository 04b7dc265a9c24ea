"""The formats an import reads besides the registry's own template: each
one's adapter, the scheme of its identifiers, and the source and licence
its provenance is prefilled with (the person importing may change them)."""

from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats

from ..files import FileProblem
from . import essglobal, gogocarto, ica, jsonld, kvm, murmurations

# The columns an external file fills, in the template's order (``id`` for a
# record imported before, found by its identifier).
DATASET_COLUMNS = [
    "id",
    "name",
    "country",
    "region",
    "locality",
    "latitude",
    "longitude",
    "entity_type",
    "sector",
    "registered",
    "registration_number",
    "year_established",
    "description",
    "website",
    "contact_email",
    "contact_phone",
]


@dataclass(frozen=True)
class SourceFormat:
    key: str
    label: object  # lazy text
    reader: object
    extensions: tuple
    source_name: str
    source_url: str = ""
    licence: str = ""
    licence_url: str = ""


SOURCE_FORMATS = [
    SourceFormat(
        "essglobal-csv",
        gettext_lazy("ESSGlobal standard CSV (Solidarity Economy Association)"),
        essglobal.read,
        (".csv",),
        "ESSGlobal open data",
        "https://github.com/SolidarityEconomyAssociation/open-data",
    ),
    SourceFormat(
        "ica-csv",
        gettext_lazy("ICA directory (CSV)"),
        ica.read,
        (".csv",),
        "ICA directory",
        "https://www.ica.coop/en/members",
    ),
    SourceFormat(
        "kvm-json",
        gettext_lazy("Karte von morgen entries (JSON)"),
        kvm.read,
        (".json",),
        "Karte von morgen",
        "https://kartevonmorgen.org/",
        "ODbL-1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    SourceFormat(
        "gogocarto-json",
        gettext_lazy("GoGoCarto elements (JSON)"),
        gogocarto.read,
        (".json",),
        "GoGoCarto",
        "",
        "ODbL-1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    SourceFormat(
        "murmurations-json",
        gettext_lazy("Murmurations index or profiles (JSON)"),
        murmurations.read,
        (".json",),
        "Murmurations",
        "https://index.murmurations.network/v2/nodes",
    ),
    SourceFormat(
        "jsonld",
        gettext_lazy("schema.org organisations (JSON-LD)"),
        jsonld.read,
        (".json", ".jsonld"),
        "schema.org data",
    ),
]
BY_KEY = {source.key: source for source in SOURCE_FORMATS}


class ExternalDataset(tablib.Dataset):
    """The import's dataset of an external file: its rows in the import's
    columns, as the source gives them (``external_rows``); ``plan``
    rewrites them for the user importing."""

    def __init__(self, source, rows):
        super().__init__(headers=DATASET_COLUMNS)
        self.source = source
        self.external_rows = rows
        for row in rows:
            self.append([row.values.get(column, "") for column in DATASET_COLUMNS])


class ExternalFileFormat(base_formats.Format):
    """An import-export format reading one source format (``source``)."""

    source = None

    def get_title(self):
        return self.source.key

    def get_extension(self):
        return self.source.extensions[0].lstrip(".")

    def is_binary(self):
        return True

    def can_import(self):
        return True

    def create_dataset(self, in_stream, **kwargs):
        return read_external(self.source, in_stream)


def read_external(source, data):
    """The file as an ExternalDataset; FileProblem when it cannot be read."""
    rows = []
    limit = settings.IMPORT_MAX_ROWS
    for row in source.reader(data):
        rows.append(row)
        if len(rows) > limit:
            raise FileProblem(
                _(
                    "The file has more than %(limit)s records; an import takes at most "
                    "%(limit)s. Split it into smaller files."
                )
                % {"limit": f"{limit:,}"}
            )
    return ExternalDataset(source, rows)


FILE_FORMATS = [
    type(
        f"ExternalFormat_{source.key.replace('-', '_')}", (ExternalFileFormat,), {"source": source}
    )
    for source in SOURCE_FORMATS
]
