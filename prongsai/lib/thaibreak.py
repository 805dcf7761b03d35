"""Thai line breaking at word boundaries, for engines that guess.

Thai has no spaces between words. Typst (like ICU) finds break points with a
small built-in model and broke the seed report inside 36 of 206 Thai line
ends: "มี|นาคม", "เผย|แพร่", "งบ|ประมาณ". Here Thai runs are cut into words by
PyThaiNLP (newmm, its own dictionary) with the agency's names kept whole, then
written back with a WORD JOINER (U+2060) between the clusters of a word, which
forbids a break there (UAX #14 rule LB11), and a ZERO WIDTH SPACE (U+200B)
between words, which allows one. URLs and e-mail addresses get joiners
throughout so they stay whole on one line; only one longer than a line may
break, and then only after a "/".

Both characters are invisible; typst folds them into the text of the cluster
before them, so `prongsai.documents.pdftext` removes them from the PDF's text
layer (copy and search see the plain words).

PyThaiNLP is imported on first use: it takes a noticeable part of a second,
which commands that print no document should not pay.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

WJ = "\u2060"
ZWSP = "\u200b"
INVISIBLE = (WJ, ZWSP)

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
# Characters that belong to the cluster before them (marks, sara am).
_MARK = re.compile(r"[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
URL = re.compile(r"(?:https?://|www\.)[^\s\u200b\u2060]+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
# A URL up to this many characters is never broken: it fits on the narrowest
# line of the documents (list items, 14 cm at Sarabun 10.64 pt).
URL_WHOLE = 70
URL_PIECE = 30  # a stretch of a longer URL without "/" gets a break every this many
# A "word" longer than this (a run the dictionary does not know, typed
# without spaces) is left to the engine, or it could run past the margin.
LONGEST_WORD = 30

# Kinds of Thai agencies: the name after them is the agency's own word.
_AGENCY_KIND = re.compile(
    r"^(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร"
    r"|กรุงเทพมหานคร|เมืองพัทยา|สำนักงาน|กรม|กระทรวง|โรงพยาบาล|มหาวิทยาลัย)"
)


class Dictionary:
    """PyThaiNLP's word list, looked up the way its newmm segmenter asks
    (`prefixes`), built in a few hundredths of a second: PyThaiNLP's own trie
    takes 0.4-0.5 s to build, most of a cold `prongsai report`. Words are
    grouped by their first two letters with the lengths that occur, so a
    lookup tries only lengths some word has."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        lengths: dict[str, set[int]] = {}
        for word in self.words:
            lengths.setdefault(word[:2], set()).add(len(word))
        self.lengths = {key: sorted(n) for key, n in lengths.items()}

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        out = [text[start]] if text[start : start + 1] in self.words else []
        words = self.words
        for n in self.lengths.get(text[start : start + 2], ()):
            if n > 1:
                if start + n > len(text):
                    break
                candidate = text[start : start + n]
                if candidate in words:
                    out.append(candidate)
        return out


_lock = threading.Lock()
_segment: Any = None
_dictionary: Dictionary | None = None


def _newmm_and_dictionary() -> tuple[Any, Dictionary]:
    global _segment, _dictionary
    with _lock:
        if _segment is None or _dictionary is None:
            from pythainlp.corpus.common import thai_words
            from pythainlp.tokenize.newmm import segment

            _dictionary = Dictionary(thai_words())
            _segment = segment
    return _segment, _dictionary


def names_of(agency: str, *others: str) -> tuple[str, ...]:
    """The words to keep whole for one agency: its own name without the kind
    ("ท่าตลาด" of "องค์การบริหารส่วนตำบลท่าตลาด"), the kind, and other names
    (district, province, departments); only Thai names, split at spaces."""
    out: set[str] = set()
    for name in (agency, *others):
        for part in (name or "").split():
            if not _THAI_RUN.fullmatch(part) or len(part) < 2:
                continue
            kind = _AGENCY_KIND.match(part)
            if kind and kind.end() < len(part):
                out.update((kind.group(), part[kind.end() :]))
            else:
                out.add(part)
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4096)
def words(run: str, names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words of one Thai run (no spaces), the names kept whole."""
    if names:
        pattern = re.compile("|".join(re.escape(n) for n in names))
        out: list[str] = []
        pos = 0
        for m in pattern.finditer(run):
            if m.start() > pos:
                out += words(run[pos : m.start()])
            out.append(m.group())
            pos = m.end()
        if pos < len(run):
            out += words(run[pos:]) if pos else _newmm(run)
        return tuple(out)
    return tuple(_newmm(run))


def _newmm(run: str) -> list[str]:
    segment, dictionary = _newmm_and_dictionary()
    tokens: list[str] = segment(run, custom_dict=dictionary)
    return [t for t in tokens if t]


def clusters(word: str) -> list[str]:
    out: list[str] = []
    for ch in word:
        if out and (_MARK.match(ch) or unicodedata.combining(ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def glue(word: str) -> str:
    """`word` with a word joiner between its clusters: no break inside."""
    return WJ.join(clusters(word))


def _url(url: str) -> str:
    if len(url) <= URL_WHOLE:
        return glue(url)
    pieces = re.split(r"(?<=/)", url)
    out: list[str] = []
    for piece in pieces:
        chunks = [piece[i : i + URL_PIECE] for i in range(0, len(piece), URL_PIECE)]
        out.append(ZWSP.join(glue(c) for c in chunks))
    return ZWSP.join(p for p in out if p)


def _thai(run: str, names: tuple[str, ...]) -> str:
    parts = words(run, names)
    return ZWSP.join(glue(w) if len(w) <= LONGEST_WORD else w for w in parts)


@lru_cache(maxsize=8192)  # a document is rendered again and again with few changes
def break_text(text: str, names: tuple[str, ...] = ()) -> str:
    """`text` with break hints: none inside a Thai word or a URL, one between
    Thai words. Spaces, Latin words and numbers are left as they are."""
    out: list[str] = []
    pos = 0
    for m in URL.finditer(text):
        out.append(_thai_runs(text[pos : m.start()], names))
        out.append(_url(m.group()))
        pos = m.end()
    out.append(_thai_runs(text[pos:], names))
    return "".join(out)


def _thai_runs(text: str, names: tuple[str, ...]) -> str:
    return _THAI_RUN.sub(lambda m: _thai(m.group(), names), text)


def break_spans(texts: Sequence[str], names: tuple[str, ...] = ()) -> list[str]:
    """`break_text` over a paragraph written in several spans (bold, link):
    the words are found in the whole paragraph, so a span boundary inside a
    word gets a joiner too."""
    whole = "".join(texts)
    hinted = break_text(whole, names)
    out: list[str] = []
    pos = 0  # in `hinted`
    for text in texts:
        start = pos
        taken = 0
        length = len(strip(text))  # the text may carry hints of its own
        while taken < length:
            if hinted[pos] not in INVISIBLE:
                taken += 1
            pos += 1
        # Hints right after the span's last character go with it: a joiner
        # forbids the break on both of its sides, and at the start of the next
        # span it would be a piece of text of its own.
        while pos < len(hinted) and hinted[pos] in INVISIBLE:
            pos += 1
        out.append(hinted[start:pos])
    if out:
        out[-1] += hinted[pos:]
    return out


def strip(text: str) -> str:
    return text.replace(WJ, "").replace(ZWSP, "")


def line_ends_inside_words(
    lines: Iterable[str], names: tuple[str, ...] = (), source: str = ""
) -> list[tuple[str, str]]:
    """Line ends between two Thai letters that fall strictly inside a word of
    the two lines read as one (how a test checks a PDF's text layer). A line
    end that replaced a space of `source` (the document's text) is a break
    between words whatever the dictionary says."""
    bad: list[tuple[str, str]] = []
    previous = ""
    for line in lines:
        line = strip(line).strip()
        if previous and line and _THAI_RUN.match(previous[-1]) and _THAI_RUN.match(line[0]):
            before = _THAI_RUN.findall(previous)[-1]
            after = _THAI_RUN.findall(line)[0]
            run = before + after
            spaced = f"{before} {after}" in source
            if previous.endswith(before) and line.startswith(after) and not spaced:
                pos = 0
                for w in words(run, names):
                    if pos < len(before) < pos + len(w):
                        bad.append((before, after))
                        break
                    pos += len(w)
        previous = line
    return bad
