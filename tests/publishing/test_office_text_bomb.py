"""Office files read for their text (the website checker's downloads, the ITAS
text and report imports' .docx uploads) are zips: a small one may unpack to
gigabytes. Only the first OFFICE_MAX_XML bytes of XML are ever unpacked."""

from __future__ import annotations

import io
import zipfile

import pytest

from prongsai.assessments.itas_text import text_of_file
from prongsai.publishing.checker_text import OFFICE_MAX_XML, extract_text


def _docx_bomb(megabytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<w:p>ITA</w:p>")
            chunk = b"0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_gives_only_its_first_part() -> None:
    # 1 MB of upload was 1 GB of text, 21 s and 2 GB of memory.
    bomb = _docx_bomb(200)
    assert len(bomb) < 1024 * 1024
    text = extract_text(bomb, None)
    assert text.startswith("ITA") and len(text) <= OFFICE_MAX_XML
    with pytest.raises(ValueError, match="ยาวเกินไป"):  # and as an upload, too long to parse
        text_of_file(bomb, "ผลการประเมิน.docx")


def test_an_ordinary_docx_is_read_whole() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:p>ข้อ I7 ผลการประเมิน</w:p><w:p>79.27 คะแนน</w:p>")
    assert extract_text(out.getvalue(), None).strip() == "ข้อ I7 ผลการประเมิน\n79.27 คะแนน"
