"""Content-addressed files: one copy per SHA-256, under MEDIA_ROOT/<area>/.

Two areas: "snapshots" (what each checked URL returned, shown only to the
agency's members) and "published" (evidence frozen into a publication, served
publicly by hash). A file is never changed once written, so a publication or a
check keeps pointing at exactly what was there.
"""

from __future__ import annotations

import hashlib
import re

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

AREAS = ("snapshots", "published")
_SHA_RE = re.compile(r"[0-9a-f]{64}")


def blob_name(area: str, sha256: str) -> str:
    if area not in AREAS or not _SHA_RE.fullmatch(sha256):
        raise ValueError(f"bad blob reference {area}/{sha256}")
    return f"{area}/{sha256[:2]}/{sha256}"


def blob_put(area: str, data: bytes) -> str:
    """Store `data` (once) and return its SHA-256."""
    sha256 = hashlib.sha256(data).hexdigest()
    name = blob_name(area, sha256)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # written meanwhile by another run: keep the first copy
            default_storage.delete(saved)
    return sha256


def blob_exists(area: str, sha256: str) -> bool:
    try:
        return default_storage.exists(blob_name(area, sha256))
    except ValueError:
        return False


def blob_open(area: str, sha256: str) -> File:
    return default_storage.open(blob_name(area, sha256), "rb")
