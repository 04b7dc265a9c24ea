"""Text search that works across the registry's scripts.

Stored entities carry a normalised copy of their searchable text; a query is
normalised the same way and matched word by word. Normalising folds case,
drops the accents of Latin letters (so "hop tac xa" finds "Hợp tác xã", and
"d" finds "đ"), and keeps the vowel and tone marks of Thai, Khmer and other
scripts, whose letters mean something else without them.
"""

import unicodedata

from django.db import models

LATIN_END = "\u0250"  # Latin letters, basic and extended, come before this


def normalise(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    after_latin = False
    for char in decomposed:
        if unicodedata.combining(char):
            if after_latin:
                continue
        elif unicodedata.category(char) == "Cc":
            char = " "  # NUL and other control characters never reach a query
        else:
            after_latin = char < LATIN_END
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept)).replace("đ", "d")
    return " ".join(folded.split())


def name_key(text):
    """A name reduced to its letters and digits, normalised: two names with the
    same key differ only in case, spacing, punctuation or Latin accents. Used to
    flag likely duplicates."""
    return "".join(char for char in normalise(text) if unicodedata.category(char)[0] in "LMN")


def search_words(query):
    return normalise(query).split()


class SearchTextField(models.TextField):
    """A normalised copy of other fields' text, refreshed whenever the row is
    saved (save(), bulk_create() or the demo loader)."""

    def __init__(self, *args, source_fields=(), **kwargs):
        self.source_fields = tuple(source_fields)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source_fields"] = self.source_fields
        kwargs.pop("editable", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = normalise(
            " ".join(getattr(model_instance, field) or "" for field in self.source_fields)
        )
        setattr(model_instance, self.attname, value)
        return value


class NameKeyField(models.CharField):
    """``name_key()`` of another field, refreshed whenever the row is saved."""

    def __init__(self, *args, source_field="name", **kwargs):
        self.source_field = source_field
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source_field"] = self.source_field
        kwargs.pop("editable", None)
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = name_key(getattr(model_instance, self.source_field) or "")[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value
