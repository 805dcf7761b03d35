"""pdftotext reads uploaded PDFs (ITAS text and report imports): a small PDF
whose page unpacks to gigabytes must not take the server's memory with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zlib

import pytest

from prongsai.lib import poppler

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pdf(content: bytes) -> bytes:
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def _in_a_fresh_process(pdf: bytes) -> dict[str, object]:
    """pdf_text run alone, with the peak memory of its pdftotext."""
    script = (
        "import json, resource, sys\n"
        "from prongsai.lib.poppler import pdf_text\n"
        "text = pdf_text(sys.stdin.buffer.read(), raw=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(json.dumps({'text': text, 'peak': peak}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=pdf, capture_output=True, timeout=120, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_small_pdf_that_unpacks_to_gigabytes_is_given_up_within_the_memory_limit() -> None:
    # One page drawing the same line 1.3 million times: 730 KB of PDF, and
    # pdftotext grew to 8 GB before its 30 seconds ran out.
    line = b"BT /F1 12 Tf 10 10 Td (" + b"A" * 90 + b") Tj ET\n"
    pdf = _pdf(line * (100 * 1024 * 1024 // len(line)))
    assert len(pdf) < 1024 * 1024
    result = _in_a_fresh_process(pdf)
    assert result["text"] is None  # the caller falls back to pypdf
    assert isinstance(result["peak"], int) and result["peak"] <= poppler.MAX_MEMORY * 1.1


def test_an_ordinary_pdf_is_still_read() -> None:
    pdf = _pdf(b"BT /F1 12 Tf 72 700 Td (ITA 2568 I7 79.27) Tj ET\n")
    assert "ITA 2568 I7 79.27" in (poppler.pdf_text(pdf) or "")
