"""Spreadsheet import and export of entities in the admin (django-import-export)."""


class EntityImportExportMixin:
    """Mixed into EntityAdmin: import with preview, export, the template."""
