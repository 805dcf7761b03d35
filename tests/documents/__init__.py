"""Helpers for the document tests: text extraction, normalisation, synthetic documents."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest

from prongsai.documents import layout
from prongsai.documents.data import (
    ChartBar,
    DocEvidence,
    DocIndicator,
    DocMeasure,
    DocQuestion,
    DocResult,
    DocToolSection,
    DocWeaknessBlock,
    ReportDocument,
    default_preamble,
)
from prongsai.documents.text import number, prepare, score

_no_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext is missing: apt-get install poppler-utils",
)


def needs_poppler[F](test: F) -> F:
    """Mark a test that runs pdftotext; it skips, saying why, without it."""
    return cast(F, _no_poppler(pytest.mark.poppler(test)))


AGENCY = "องค์การบริหารส่วนตำบลทดสอบ"
HEADER_PT = 60  # page numbers sit above this line; the body starts at 70.9 pt


def normalise(text: str) -> str:
    """Compare Thai text across extractors: marks may come out in another
    order, so they are dropped (ำ becomes า); line breaks add whitespace where
    Thai has none, so all whitespace goes; pdftotext drops a hyphen that ends a
    line ("E-" + "Service"), so hyphens go too."""
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("ำ", "า")
    text = text.replace("-", "")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", "", text)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    text = normalise(haystack)
    pos = 0
    for needle in needles:
        found = text.find(normalise(needle), pos)
        assert found >= 0, f"missing or out of order: {needle[:80]!r}"
        pos = found + len(normalise(needle))


def pdf_header(pdf: bytes, page: int) -> str:
    """The text above the body of one page (the page number), spaces removed."""
    return re.sub(r"\s+", "", pdf_text(pdf, body_only=False, page=page, height=HEADER_PT))


def pdf_text(
    pdf: bytes, *, body_only: bool = True, page: int | None = None, height: int | None = None
) -> str:
    """pdftotext's reading; `body_only` leaves out the page-number header."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8"]
        if body_only:
            args += ["-x", "0", "-y", str(HEADER_PT), "-W", "600", "-H", "800"]
        elif height is not None:
            args += ["-x", "0", "-y", "0", "-W", "600", "-H", str(height)]
        if page is not None:
            args += ["-f", str(page), "-l", str(page)]
        out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode()


def pdf_words(pdf: bytes) -> list[tuple[float, float, float, float, str]]:
    """Every word's box (xMin, yMin, xMax, yMax) from pdftotext -bbox."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)
    ]


def docx_text(data: bytes) -> str:
    """The paragraphs as Word shows them: a list paragraph starts with the
    number (or bullet) its Word numbering gives it (see `docx_list_labels`)."""
    import docx

    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    labels = docx_list_labels(data)
    return "\n".join(
        f"{labels[i]} {p.text}" if i in labels else p.text for i, p in enumerate(paragraphs)
    )


def docx_list_labels(data: bytes) -> dict[int, str]:
    """Word's numbering, computed: paragraph index -> "๑." / "1)" / "-"."""
    import docx
    from docx.oxml.ns import qn

    from prongsai.lib.thai import with_digits

    d = docx.Document(io.BytesIO(data))
    numbering = d.part.numbering_part.element
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    nums: dict[str, tuple[str, str, int]] = {}  # numId -> (format, text, start)
    for num in numbering.findall(qn("w:num")):
        lvl = abstract[num.find(qn("w:abstractNumId")).get(qn("w:val"))].find(qn("w:lvl"))
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if start is None:
            start = lvl.find(qn("w:start"))
        fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
        text = lvl.find(qn("w:lvlText")).get(qn("w:val"))
        nums[num.get(qn("w:numId"))] = (fmt, text, int(start.get(qn("w:val"))))
    counters: dict[str, int] = {}
    out: dict[int, str] = {}
    for i, p in enumerate(d.paragraphs):
        num_id = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            continue
        fmt, text, start = nums[num_id.get(qn("w:val"))]
        n = counters.get(num_id.get(qn("w:val")), start)
        counters[num_id.get(qn("w:val"))] = n + 1
        digits = "thai" if fmt == "thaiNumbers" else "arabic"
        out[i] = text if fmt == "bullet" else text.replace("%1", with_digits(str(n), digits))
    return out


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode()


def expected_texts(doc: ReportDocument) -> list[str]:
    """What a reader must find, in the order the seed prints it."""
    d = doc.digits
    out = [prepare(f"ประจำปีงบประมาณ พ.ศ. {doc.plan_year}", d)]
    out += [prepare(p, d) for p in doc.preamble]
    for section in doc.sections:
        if not any(i.blocks for i in section.indicators):
            continue
        out.append(prepare(section.heading, d))
        for indicator in section.indicators:
            if not indicator.blocks:
                continue
            out.append(prepare(f"ตัวชี้วัดที่ {indicator.number} {indicator.name}", d))
            for block in indicator.blocks:
                for q in block.questions:
                    out += [f"ข้อ {q.code}", prepare(q.text, d), f"เท่ากับ {score(q.score, d)} คะแนน"]
                out.append(prepare(block.analysis, d))
                for key in block.measure_keys:
                    m = doc.measures[key]
                    out.append(prepare(f"มาตรการ : {m.name}", d))
                    for i, step in enumerate(m.steps, 1):
                        out.append(f"{number(i, d)}. " + prepare(step, d))
                    out += [prepare(r, d) for r in m.responsible]
                    if doc.kind == "results":
                        out.append(layout.RESULTS_LABEL)
                        out += [prepare(r.text, d) for r in m.results]
    if doc.kind == "results" and doc.evidence:
        out.append(layout.ANNEX_TITLE)
        out.append(layout.ANNEX_SUBTITLE)
    return out


def annex_captions(doc: ReportDocument) -> list[str]:
    return [prepare(e.caption, doc.digits) for e in doc.evidence]


# --- synthetic documents -------------------------------------------------------------

LOREM = (
    "หน่วยงานควรเผยแพร่ข้อมูลการดำเนินงานและแผนการใช้จ่ายงบประมาณประจำปี ให้บุคลากรทราบ"
    "อย่างทั่วถึง ผ่านช่องทางที่หลากหลาย เช่น เว็บไซต์ บอร์ดประชาสัมพันธ์ และการประชุมประจำเดือน "
    "ซึ่งจะช่วยสร้างความโปร่งใส ทั้งนี้ ผู้บริหารต้องติดตามผลอย่างต่อเนื่อง (อ้างอิงจาก o11) "
)


def synthetic(
    weaknesses: int,
    *,
    kind: str = "results",
    digits: str = "thai",
    paragraph: str = LOREM,
    evidence: tuple[DocEvidence, ...] | None = None,
) -> ReportDocument:
    """A document with `weaknesses` blocks over indicators 1-8; every third
    block shares the previous block's measure (printed again under it)."""
    measures: dict[str, DocMeasure] = {}
    indicators: dict[int, list[DocWeaknessBlock]] = {}
    for n in range(weaknesses):
        key = f"m{n - 1}" if n % 3 == 2 else f"m{n}"
        if key not in measures:
            measures[key] = DocMeasure(
                key=key,
                name=f"มาตรการที่ {n + 1} ปรับปรุงการเผยแพร่ข้อมูล",
                steps=(f"ขั้นตอนแรกของมาตรการ {n + 1}", "จัดประชุมชี้แจงบุคลากร ครั้งที่ 2/2567"),
                responsible=("สำนักปลัด", "กองคลัง"),
                start=date(2023, 10, 1),
                due=date(2024, 9, 30),
                status_label="ดำเนินการแล้ว",
                results=(
                    DocResult(
                        f"ผลการดำเนินการที่ {n + 1}",
                        date=date(2024, 3, 3),
                        doc_number="๑๔๙/2566",
                        doc_date=date(2023, 3, 3),
                    ),
                ),
            )
        question = DocQuestion(f"I{n + 1}", f"ข้อคำถามที่ {n + 1} มากน้อยเพียงใด", Decimal("79.27"))
        block = DocWeaknessBlock((question,), paragraph, (key,))
        indicators.setdefault(n % 8 + 1, []).append(block)
    iit = DocToolSection(
        "iit",
        "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        None,
        tuple(DocIndicator(i, f"ตัวชี้วัด {i}", tuple(indicators.get(i, []))) for i in range(1, 6)),
    )
    eit = DocToolSection(
        "eit",
        "ด้านการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "ส่วนที่ 1 ผู้รับบริการหรือติดต่อราชการเข้าตอบด้วยตนเอง (EIT Public)",
        tuple(DocIndicator(i, f"ตัวชี้วัด {i}", tuple(indicators.get(i, []))) for i in range(6, 9)),
    )
    if evidence is None:
        evidence = tuple(DocEvidence(k, f"หลักฐานของ {k}") for k in list(measures)[:3])
    chart = tuple(
        ChartBar(f"ตัวชี้วัดที่ {i}", None if i == 4 else Decimal(70 + i * 3)) for i in range(1, 11)
    )
    return ReportDocument(
        kind=kind,  # type: ignore[arg-type]
        agency_name=AGENCY,
        district="เมือง",
        province="นครปฐม",
        plan_year=2567,
        assessment_year=2566,
        preamble=default_preamble(AGENCY, 2566, kind),  # type: ignore[arg-type]
        sections=(iit, eit),
        measures=measures,
        evidence=evidence,
        chart=chart,
        digits=digits,  # type: ignore[arg-type]
        signer_name="นายทดสอบ ใจดี",
        signer_title="นายกองค์การบริหารส่วนตำบลทดสอบ",
    )


def without_weaknesses(doc: ReportDocument) -> ReportDocument:
    sections = tuple(
        replace(s, indicators=tuple(replace(i, blocks=()) for i in s.indicators))
        for s in doc.sections
    )
    return replace(doc, sections=sections, measures={}, evidence=())
