"""The backup leaves out uploads that wait for a staff confirmation: they are
not data, and one swept while the backup runs used to fail it."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from prongsai.backup.archive import storage_files
from prongsai.staff.results_import import PENDING_DIR


def test_the_backup_lists_stored_files_but_not_the_pending_imports(
    settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("evidence/1/minutes.pdf", ContentFile(b"%PDF-1.4"))
    default_storage.save(f"{PENDING_DIR}/{'a' * 32}.bin", ContentFile(b"agency,code,score\n"))
    default_storage.save(f"agencies/{PENDING_DIR}/kept.txt", ContentFile(b"an agency's own folder"))
    assert list(storage_files()) == [
        f"agencies/{PENDING_DIR}/kept.txt",
        "evidence/1/minutes.pdf",
    ]
