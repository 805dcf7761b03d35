"""poppler's `pdftotext`, when the machine has it (CI installs poppler-utils;
the main path needs no apt package, so every caller has a fallback). Preferred
to pypdf for reading PDFs back, because pypdf ignores /ActualText and so garbles
the Thai of typst's PDFs (ours).

The PDFs are uploads (any member's ITAS text import, an admin's report import),
so pdftotext runs with limits: a 700 KB PDF whose one page unpacks to
gigabytes of drawing made it grow to 8 GB for the 30 seconds it was given.
It gets MAX_MEMORY of address space and MAX_CPU seconds (the shell's ulimit,
not preexec_fn, which is unsafe in a threaded server), and no more than
MAX_OUTPUT bytes of its text are read; past any of them the caller's fallback
(pypdf, which has limits of its own) reads the file instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading

MAX_MEMORY = 512 * 1024 * 1024  # bytes of address space
MAX_CPU = 20  # seconds
MAX_OUTPUT = 50 * 1024 * 1024  # bytes of text
TIMEOUT = 30  # seconds of wall-clock time

# Limits that a shell cannot set (not Linux) are skipped rather than failing.
_LIMITED = (
    f'ulimit -v {MAX_MEMORY // 1024} 2>/dev/null; ulimit -t {MAX_CPU} 2>/dev/null; exec "$0" "$@"'
)


def pdf_text(data: bytes, *, raw: bool = False) -> str | None:
    """The text of a PDF, or None without poppler, on failure, past the
    limits above, or when empty. `raw` keeps the content stream's order
    (poppler's layout mode drops the hyphen of a word broken at a line end:
    "E-" + "Service" → "EService")."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        options = [exe, "-q", *(["-raw"] if raw else []), "-enc", "UTF-8", pdf.name, "-"]
        try:
            process = subprocess.Popen(
                ["sh", "-c", _LIMITED, *options],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        try:
            assert process.stdout is not None
            out = process.stdout.read(MAX_OUTPUT + 1)
            if len(out) > MAX_OUTPUT:
                process.kill()
            process.wait()
        finally:
            timer.cancel()
            if process.stdout is not None:
                process.stdout.close()
    if process.returncode != 0 or len(out) > MAX_OUTPUT:
        return None
    text = out.decode("utf-8", errors="replace")
    return text if text.strip() else None
