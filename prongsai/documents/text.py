"""Text preparation shared by the PDF and DOCX renderers.

Every string that reaches a document goes through `prepare()`: whitespace is
collapsed (the texts come from people and from copied PDFs) and digits are
written in the document's one system. Digits glued to a Latin letter are codes
("I7", "o11", "A4") that the NACC prints in Arabic digits, and URLs must stay
usable, so those are left alone; every other number follows `digits`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache

from prongsai.lib.thai import format_score, thai_date, with_digits
from prongsai.lib.thaibreak import clusters as thai_clusters

from .data import Digits

_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")
# URLs and e-mail addresses: kept byte for byte.
_PROTECTED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
# A run of digits (either system) with the characters around it.
_NUMBER = re.compile(r"[0-9๐-๙]+")
_LATIN = re.compile(r"[A-Za-z]")

ZWSP = "\u200b"


def clean(text: str) -> str:
    """Collapse runs of whitespace to one space and trim; NFC."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _digits_outside_codes(text: str, digits: Digits) -> str:
    def convert(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _LATIN.match(before) or _LATIN.match(after):
            return match.group()  # a code such as I7 or o11
        return with_digits(match.group(), digits)

    return _NUMBER.sub(convert, text)


def digits_text(text: str, digits: Digits) -> str:
    """Write every number of `text` in one digit system (codes and URLs kept)."""
    out: list[str] = []
    pos = 0
    for match in _PROTECTED.finditer(text):
        out.append(_digits_outside_codes(text[pos : match.start()], digits))
        out.append(match.group())
        pos = match.end()
    out.append(_digits_outside_codes(text[pos:], digits))
    return "".join(out)


@lru_cache(maxsize=8192)
def prepare(text: str, digits: Digits) -> str:
    """Cleaned, in one digit system. Cached: a document is laid out again
    and again with few changes, and every string of it passes here."""
    return digits_text(clean(text), digits)


def number(value: int, digits: Digits) -> str:
    return with_digits(str(value), digits)


def score(value: Decimal, digits: Digits) -> str:
    return format_score(value, digits=digits)


def day(value: date, digits: Digits) -> str:
    """ "๓ มีนาคม ๒๕๖๖": day, Thai month, Buddhist Era year."""
    return thai_date(value, digits=digits)


# --- line-breaking help for the PDF -------------------------------------------------
# Typst breaks Thai between words with a dictionary, but a run it cannot split
# (one letter repeated, a long Latin token without "/") runs past the right
# margin. Such runs are not words, so a zero-width space every few clusters is
# harmless there; real Thai text is never touched.

_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
_LONG_LATIN = 40  # characters of a Latin/digit token without a break point
_REPEAT = 12  # clusters made of at most two distinct clusters


def _split_every(clusters: list[str], size: int) -> str:
    return ZWSP.join("".join(clusters[i : i + size]) for i in range(0, len(clusters), size))


def _break_word(word: str) -> str:
    if len(word) < _REPEAT:
        return word
    if not _THAI_LETTER.search(word):
        if len(word) > _LONG_LATIN and not re.search(r"[/?&=-]", word):
            return _split_every(list(word), 20)
        return word
    clusters = thai_clusters(word)
    out: list[str] = []
    i = 0
    while i < len(clusters):
        # Longest stretch from i made of at most two distinct clusters.
        seen: set[str] = set()
        j = i
        while j < len(clusters) and (clusters[j] in seen or len(seen) < 2):
            seen.add(clusters[j])
            j += 1
        if j - i >= _REPEAT:
            if out:
                out.append(ZWSP)
            out.append(_split_every(clusters[i:j], 8))
            if j < len(clusters):
                out.append(ZWSP)
            i = j
        else:
            out.append(clusters[i])
            i += 1
    return "".join(out)


def breakable(text: str) -> str:
    """Add break opportunities inside runs no line breaker can split."""
    return " ".join(_break_word(w) for w in text.split(" "))


_URL_RUN = re.compile(r"[^/?&=#\-]{41,}")


def breakable_url(url: str) -> str:
    """The shown text of a link: typst breaks URLs after "/" and "-", so only
    a longer stretch without them gets break points (the target stays intact)."""
    return _URL_RUN.sub(lambda m: _split_every(list(m.group()), 30), url)
