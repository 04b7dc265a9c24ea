"""The interface in every language: each string the code and the templates
hold is translated in each of the five languages' catalogues, none is left
fuzzy, the compiled catalogues say what the catalogues say, and each
translation keeps its placeholders."""

import os
import re
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
LOCALE = settings.BASE_DIR / "locale"
# %(name)s, %s, %d, {name}: what the code fills in.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w+\}")


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def described(entries):
    return [entry.msgid[:60] for entry in entries]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_catalogue_is_translated_and_none_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 800
    assert described(po.untranslated_entries()) == []
    assert described(po.fuzzy_entries()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_the_same_translations(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def translations(entries):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr
            or tuple(sorted(entry.msgstr_plural.items()))
            for entry in entries
            if entry.msgid
        }

    assert translations(mo) == translations(po.translated_entries())


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translation_keeps_the_placeholders_of_its_english(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        english = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translated in [entry.msgstr] if entry.msgstr else entry.msgstr_plural.values():
            # A plural's singular may say "one" in words rather than the number.
            if sorted(PLACEHOLDER.findall(translated)) != english and not entry.msgid_plural:
                wrong.append(entry.msgid[:60])
    assert wrong == []


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext (.ci/i18n-setup)")
def test_the_catalogues_hold_every_string_of_the_code_and_templates(tmp_path):
    """makemessages, run as docs/translation.md says on a copy of the
    project, finds no string the catalogues lack: a string added to the code
    or a template without its translations fails here."""
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "staticfiles", "node_modules", "*.sqlite3", "build", "loadtest"
        ),
    )
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
    command += [f"--locale={language}" for language in LANGUAGES]
    command += [f"--ignore={pattern}" for pattern in ("build", "tests", "loadtest")]
    subprocess.run(command, cwd=copy, check=True, env={**os.environ, "DEBUG": "true"})
    for language in LANGUAGES:
        po = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        assert described(po.untranslated_entries()) == [], language
        assert described(po.fuzzy_entries()) == [], language
