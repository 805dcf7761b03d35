"""Thai line breaking: the seed's PDF never ends a line inside a word, URLs stay whole."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest

from prongsai.documents import layout, render_pdf
from prongsai.documents.render_pdf import prepare_pdf
from prongsai.documents.sample import seed_report
from prongsai.lib.thaibreak import (
    WJ,
    ZWSP,
    break_spans,
    break_text,
    line_ends_inside_words,
    names_of,
    strip,
    words,
)

from . import needs_poppler, pdf_text

NAMES = names_of("องค์การบริหารส่วนตำบลท่าตลาด", "สามพราน", "นครปฐม")


def source_text(doc: object) -> str:
    """Every string the layout prints, one per line."""
    out: list[str] = []
    for block in layout.layout(doc):  # type: ignore[arg-type]
        for value in vars(block).values():
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str):
                        out.append(item)
                    elif isinstance(item, layout.Span):
                        out.append(item.text)
        out.append("\n")
    return "\n".join(out)


def test_agency_names_are_split_into_kind_and_own_name() -> None:
    assert NAMES[:2] == ("องค์การบริหารส่วนตำบล", "ท่าตลาด")
    assert words("ขององค์การบริหารส่วนตำบลท่าตลาดอำเภอสามพราน", NAMES) == (
        "ของ",
        "องค์การบริหารส่วนตำบล",
        "ท่าตลาด",
        "อำเภอ",
        "สามพราน",
    )


def test_break_hints_join_letters_of_a_word_and_separate_words() -> None:
    hinted = break_text("วันที่ ๓ มีนาคม", NAMES)
    assert strip(hinted) == "วันที่ ๓ มีนาคม"
    assert hinted.split(" ")[-1] == WJ.join(["มี", "น", "า", "ค", "ม"])  # one word, no break
    assert break_text("ประชุมเพื่อเผยแพร่").count(ZWSP) == 2  # ประชุม|เพื่อ|เผยแพร่
    assert WJ + "่" not in break_text("ข่าวสาร")  # never between a letter and its mark


def test_a_url_is_glued_whole_and_a_very_long_one_breaks_only_after_a_slash() -> None:
    hinted = break_text("ดูที่ www.thatalad.go.th/ita/2567 ครับ")
    url = hinted.split(" ")[1]
    assert ZWSP not in url and strip(url) == "www.thatalad.go.th/ita/2567"
    long = "https://www.thatalad.go.th/" + "/".join(["documents-of-the-year"] * 5)
    pieces = break_text(long).split(ZWSP)
    assert len(pieces) > 1
    assert all(strip(p).endswith("/") for p in pieces[:-1])


def test_spans_are_broken_as_one_paragraph() -> None:
    spans = break_spans(["ข้อมูลข่าว", "สารของ", "ท่าตลาด"], NAMES)
    assert [strip(s) for s in spans] == ["ข้อมูลข่าว", "สารของ", "ท่าตลาด"]
    assert spans[0].endswith(WJ)  # "ข่าว|สาร" is one word across the spans
    assert spans[1].endswith(ZWSP)  # "ของ|ท่าตลาด" may break


def test_checker_finds_a_break_inside_a_word_but_not_between_words() -> None:
    lines = ["ประชุมวันที่ ๓ มี", "นาคม ๒๕๖๖ เพื่อเผย", "แพร่ข้อมูล", "ข่าวสารของท่า", "ตลาด"]
    assert line_ends_inside_words(lines, NAMES) == [
        ("มี", "นาคม"),
        ("เพื่อเผย", "แพร่ข้อมูล"),
        ("แพร่ข้อมูล", "ข่าวสารของท่า"),  # ข้อมูลข่าวสาร is one dictionary word
        ("ข่าวสารของท่า", "ตลาด"),  # the agency's name
    ]
    assert line_ends_inside_words(["ให้ความรู้", "แก่ประชาชน"], NAMES) == []
    # A line end that replaced a space of the source is a break between words.
    assert line_ends_inside_words(["งบ", "ประมาณ"], source="งบ ประมาณ") == []


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return pdf_text(render_pdf.render_pdf(seed_report())).splitlines()


@needs_poppler
def test_seed_pdf_has_no_line_end_inside_a_word(seed_lines: list[str]) -> None:
    doc = seed_report()
    thai_thai = [
        (a, b)
        for a, b in itertools.pairwise(seed_lines)
        if re.search(r"[ก-๛]$", a.rstrip()) and re.match(r"[ก-๛]", b.lstrip())
    ]
    assert len(thai_thai) > 100  # the check has something to look at
    bad = line_ends_inside_words(seed_lines, render_pdf._names(doc), source_text(doc))
    assert bad == []


@needs_poppler
def test_the_old_typst_breaking_would_have_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the hints typst breaks inside words, so the test above can fail."""
    monkeypatch.setattr(render_pdf, "break_text", lambda text, names=(): text)
    monkeypatch.setattr(render_pdf, "break_spans", lambda texts, names=(): list(texts))
    render_pdf._spans.cache_clear()  # spans broken by earlier renders are cached
    doc = seed_report()
    try:
        lines = pdf_text(render_pdf.render_pdf(doc)).splitlines()
    finally:
        render_pdf._spans.cache_clear()
    assert len(line_ends_inside_words(lines, render_pdf._names(doc), source_text(doc))) > 10


@needs_poppler
def test_text_layer_has_no_invisible_break_hints(seed_lines: list[str]) -> None:
    text = "\n".join(seed_lines)
    assert WJ not in text and ZWSP not in text
    assert "มีนาคม" in text or "ข้อมูลข่าวสาร" in text


@needs_poppler
def test_an_evidence_link_stays_whole_on_one_line() -> None:
    url = "https://www.thatalad.go.th/ita/2567/o43"
    doc = seed_report()
    first = doc.evidence[0]
    doc = replace(doc, evidence=(replace(first, link=url), *doc.evidence[1:]))
    assert WJ.join(url) in prepare_pdf(doc).data
    assert any(url in line for line in pdf_text(render_pdf.render_pdf(doc)).splitlines())


def test_the_fast_dictionary_segments_exactly_like_pythainlps_own_trie() -> None:
    from pythainlp.tokenize import word_tokenize

    doc = seed_report()
    runs = re.findall(r"[\u0e01-\u0e5b]+", source_text(doc))
    assert len(runs) > 200
    for run in runs:
        assert list(words(run)) == word_tokenize(run, engine="newmm"), run
