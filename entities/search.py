"""Text search that works across the registry's scripts.

Stored entities carry a normalised copy of their searchable text; a query is
normalised the same way and matched word by word. Normalising folds case,
drops the accents of Latin letters (so "hop tac xa" finds "Hợp tác xã", and
"d" finds "đ"), and keeps the vowel and tone marks of Thai, Khmer and other
scripts, whose letters mean something else without them. Zero-width and
text-direction characters are dropped altogether.
"""

import operator
import unicodedata
from functools import reduce

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

LATIN_END = "\u0250"  # Latin letters, basic and extended, come before this
# Invisible in print, yet "Zero\u200bwidth" and "Zerowidth" would be two words
# to search and two names to compare: search and the duplicate keys drop them,
# and names refuse them (``refuse_invisible``).
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner; word joiner; BOM
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # direction embeddings and overrides, and their end
    "\u2066\u2067\u2068\u2069"  # direction isolates, and their end
)
DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def normalise(text):
    decomposed = unicodedata.normalize("NFKD", text.translate(DROP_INVISIBLE).casefold())
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


def refuse_invisible(value):
    """A name's validator: no zero-width or text-direction character, which
    would make the name look like another while it is not. The zero-width
    joiner and non-joiner are refused too, though some scripts use them: the
    registry's names are read and compared without them."""
    for position, char in enumerate(value):
        if char in INVISIBLE:
            params = {
                "character": f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip(),
                "before": value[:position][-20:],
            }
            where = _("after “%(before)s”") % params if position else _("at its start")
            raise ValidationError(
                _(
                    "This name holds an invisible character, %(character)s, %(where)s. "
                    "Remove it: zero-width and text-direction characters are not allowed "
                    "in names (retype the name if you cannot see where it is)."
                ),
                code="invisible_character",
                params={**params, "where": where},
            )


MAX_SEARCH_WORDS = 10


def search_words(query):
    return normalise(query).split()


def matching(queryset, query, *, indexed=True):
    """The rows of ``queryset`` whose search copy holds every word of
    ``query`` (the first MAX_SEARCH_WORDS), normalised alike.

    On PostgreSQL a trigram index serves the match (migration entities 0007),
    which suits words that few rows hold. For words that many rows hold, a
    page in name order is found sooner by walking the name index and stopping
    at the page's last row. The planner chooses well for one word, but takes
    several words as independent, underestimates how many rows hold them all
    (1,200 of 107,000 for "hop tac xa" at a million entities) and reads them
    all through the trigram index. ``indexed=False`` gives the same condition
    as one CASE expression, which the planner estimates at half the rows, so
    it walks the name index.
    """
    words = search_words(query)[:MAX_SEARCH_WORDS]
    conditions = [Q(search_text__contains=word) for word in words]
    if indexed or len(conditions) < 2:
        return queryset.filter(*conditions)
    every_word = Case(
        When(reduce(operator.and_, conditions), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return queryset.filter(every_word)


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
