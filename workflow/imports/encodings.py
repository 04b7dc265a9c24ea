"""Which encoding a CSV file that is not UTF-8 is in, among the few legacy
ones the registry's researchers' spreadsheets write.

Excel saves "CSV" in the system's old code page: Windows-1251 in Kyrgyzstan
and Mongolia (Cyrillic), Windows-874 in Thailand, Windows-1258 in Viet Nam.
Khmer has no such code page: a Khmer file is UTF-8 or an .xlsx workbook.
Windows-1252 (Western European) is left out on purpose: none of the
registry's languages needs it, and it shares most of its bytes with
Windows-1258, so a Vietnamese file would pass for Western text unnoticed.

A file is decoded with each code page that reads every byte of it (no
control characters but tab and line ends), and each reading is judged by its
words that hold letters outside ASCII: a word is plausible when it is written
in that code page's script as the languages write it (``plausible_word``).
The reading with the most plausible words wins, if it is clearly ahead
(``CLEAR_SHARE``, ``CLEAR_LEAD``); otherwise the file is refused as not
UTF-8 rather than guessed. The preview names the encoding the file was read
as, so that a wrong reading is seen before the import is confirmed. A
Vietnamese text, written in Windows-1258 with separate tone marks, is stored
composed (NFC), as the same text typed in UTF-8 is.

Windows-1251 lacks the Kyrgyz and Mongolian letters Ң, Ө and Ү: Excel writes
"?" for them when it saves such a file, and no reading can bring them back.
"""

import re
import unicodedata

# The code pages tried, with the name the preview gives each.
LEGACY = {
    "cp1251": "Windows-1251",
    "cp874": "Windows-874",
    "cp1258": "Windows-1258",
}
# The share of a reading's words that must be plausible, and its lead over the next.
CLEAR_SHARE = 0.75
CLEAR_LEAD = 0.25
# Words are what lies between spaces and ASCII punctuation.
SEPARATORS = re.compile(r"[\s!-/:-@\[-`{-~]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Vietnamese letters besides ASCII, composed (NFC), and the most of them a
# syllable holds ("người": ư, ờ).
VIETNAMESE = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
VIETNAMESE_PER_WORD = 3
# Punctuation outside ASCII that any code page's text may hold; it says
# nothing about the script.
NEUTRAL = set("\u00a0«»‹›–—‘’‚“”„…•·№€°±§©®™\u00ad")


def script_of(char):
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def cyrillic_word(word):
    """Cyrillic letters alone (and digits), no capital after a small letter."""
    previous_lower = False
    for char in word:
        if char.isdigit() and char.isascii():
            continue
        if not (char.isalpha() and script_of(char) == "CYRILLIC"):
            return False
        if char.isupper() and previous_lower:
            return False
        previous_lower = char.islower()
    return True


def thai_word(word):
    """Thai letters and their marks alone (a mark never first); Thai digits
    only in a word of digits."""
    letters = [char for char in word if not char.isdigit()]
    if not letters:
        return all(script_of(char) == "THAI" or char.isascii() for char in word)
    if len(letters) != len(word):
        return False
    if unicodedata.category(word[0]) == "Mn":
        return False
    return all(script_of(char) == "THAI" and char not in "๏๚๛฿" for char in word)


def vietnamese_word(word):
    """ASCII letters and digits with a few Vietnamese letters, each tone mark
    composed with its vowel."""
    outside = [char for char in word if not char.isascii()]
    return len(outside) <= VIETNAMESE_PER_WORD and all(char in VIETNAMESE for char in outside)


PLAUSIBLE = {"cp1251": cyrillic_word, "cp874": thai_word, "cp1258": vietnamese_word}


def words_outside_ascii(text):
    for word in SEPARATORS.split(text):
        word = "".join(char for char in word if char not in NEUTRAL)
        if word and not word.isascii():
            yield word


def reading(data, encoding):
    """The text ``data`` reads as in ``encoding``, or None if it cannot be
    (a byte the code page lacks, a control character)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if CONTROL.search(text):
        return None
    return unicodedata.normalize("NFC", text)


def plausible_share(text, encoding):
    words = list(words_outside_ascii(text))
    if not words:
        return 0.0
    return sum(map(PLAUSIBLE[encoding], words)) / len(words)


def detect(data):
    """(text, name of the encoding) for ``data`` read in the legacy code
    page it is clearly in, or None when none is clear."""
    judged = []
    for encoding in LEGACY:
        text = reading(data, encoding)
        if text is not None:
            judged.append((plausible_share(text, encoding), encoding, text))
    judged.sort(key=lambda each: each[0], reverse=True)
    if not judged:
        return None
    share, encoding, text = judged[0]
    runner_up = judged[1][0] if len(judged) > 1 else 0.0
    if share < CLEAR_SHARE or share - runner_up < CLEAR_LEAD:
        return None
    return text, LEGACY[encoding]
