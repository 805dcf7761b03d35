"""poppler's `pdftotext`, when the machine has it (CI installs poppler-utils;
the main path needs no apt package, so every caller has a fallback). Preferred
to pypdf for reading PDFs back, because pypdf ignores /ActualText and so garbles
the Thai of typst's PDFs (ours)."""

from __future__ import annotations

import shutil
import subprocess


def pdf_text(data: bytes, *, raw: bool = False) -> str | None:
    """The text of a PDF, or None without poppler, on failure or when empty.
    `raw` keeps the content stream's order (poppler's layout mode drops the
    hyphen of a word broken at a line end: "E-" + "Service" → "EService")."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    command = [exe, "-q", *(["-raw"] if raw else []), "-enc", "UTF-8", "-", "-"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""
    return text if text.strip() else None
