"""One-file backup and restore: database, uploaded files and snapshots.

The archive is a tar.gz with
  manifest.json   app version, migration state, time, every file with its SHA-256
  db.json         Django's serializer output with natural foreign keys, so content
                  types and permissions are named, not numbered: a backup from
                  SQLite restores into PostgreSQL and back
  media/<name>    every file of the default storage (evidence, signatures, the
                  dated copies and snapshots of publishing), by storage name
Restore goes only into an empty database (migrated, nothing but the shipped
frameworks) and an empty storage, after every hash in the manifest matched.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# Made by `migrate` on every install, named by natural key in the dump.
REBUILT = ["contenttypes", "auth.permission", "sessions", "axes"]
# Loaded by `migrate` (post_migrate) on every install; replaced by the backup's copy.
SHIPPED_APPS = ("framework",)


class BackupRefused(Exception):
    """A Thai message for the operator: why nothing was restored."""


def app_version() -> str:
    try:
        return version("prongsai")
    except PackageNotFoundError:
        return "unknown"


def migration_state() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


# Uploads waiting an hour at most for the staff's confirmation
# (staff/results_import.py): not data to restore, and one may be deleted
# between the listing and its reading, which failed the whole backup.
TRANSIENT_DIRS = ("imports-pending",)


def storage_files(top: str = "") -> Iterator[str]:
    """Every file name in the default storage, depth first, sorted, without
    the transient folders."""
    try:
        dirs, files = default_storage.listdir(top)
    except FileNotFoundError:  # no MEDIA_ROOT yet: nothing stored
        return
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for d in sorted(dirs):
        if not top and d in TRANSIENT_DIRS:
            continue
        yield from storage_files(f"{top}/{d}" if top else d)


def _sha256(f: IO[bytes]) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


def _add(tar: tarfile.TarFile, arcname: str, f: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(arcname)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, f)


def create_backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output`; returns its manifest."""
    files: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "db.json"
        # One read transaction: the dump is one consistent state.
        with transaction.atomic():
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=REBUILT,
                output=str(dump),
                verbosity=0,
            )
        partial = output.with_name(output.name + ".partial")
        # Password hashes and two-factor secrets are inside: owner-only from the start.
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w:gz") as tar:
            with dump.open("rb") as f:
                files.append({"path": "db.json", "sha256": _sha256(f), "size": dump.stat().st_size})
                f.seek(0)
                _add(tar, "db.json", f, dump.stat().st_size)
            for name in storage_files():
                with default_storage.open(name, "rb") as f:
                    digest = _sha256(f)
                    f.seek(0)
                    size = default_storage.size(name)
                    _add(tar, f"media/{name}", f, size)
                files.append({"path": f"media/{name}", "sha256": digest, "size": size})
            manifest = {
                "format": FORMAT,
                "app": "prongsai",
                "app_version": app_version(),
                "created_at": datetime.now(UTC).isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migration_state(),
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            _add(tar, "manifest.json", io.BytesIO(data), len(data))
        partial.replace(output)
    return manifest


@dataclass(frozen=True)
class Restored:
    objects: int
    files: int
    manifest: dict[str, Any]


def _user_data_models() -> list[Any]:
    rebuilt = {"contenttypes", "sessions", "axes"}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in rebuilt
        and m._meta.app_label not in SHIPPED_APPS
        and m._meta.label != "auth.Permission"
        and m._meta.managed
    ]


def _refuse_unless_empty() -> None:
    full = [m._meta.label for m in _user_data_models() if m._default_manager.exists()]
    if full:
        raise BackupRefused(
            "ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว (" + ", ".join(full[:5]) + ") "
            "กู้คืนได้เฉพาะในฐานข้อมูลว่างที่สร้างด้วย `prongsai migrate` เท่านั้น ไม่ได้กู้คืนสิ่งใด"
        )
    stored = next(storage_files(), None)
    if stored is not None:
        raise BackupRefused(
            f"ที่เก็บไฟล์ (MEDIA_ROOT) มีไฟล์อยู่แล้ว เช่น {stored}: กู้คืนได้เฉพาะในที่เก็บไฟล์ว่าง ไม่ได้กู้คืนสิ่งใด"
        )


def _safe_media_name(path: str) -> str:
    name = PurePosixPath(path[len("media/") :])
    if name.is_absolute() or ".." in name.parts or not name.parts:
        raise BackupRefused(f"ไฟล์สำรอง: ชื่อไฟล์ {path} ไม่ปลอดภัย ไม่ได้กู้คืนสิ่งใด")
    return str(name)


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember("manifest.json")
        f = tar.extractfile(member)
        manifest = json.loads(f.read()) if f else None
    except (KeyError, ValueError) as e:
        raise BackupRefused("ไฟล์สำรองไม่มี manifest.json ที่อ่านได้ ไม่ได้กู้คืนสิ่งใด") from e
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused("manifest.json ไม่ใช่รูปแบบที่รู้จัก ไม่ได้กู้คืนสิ่งใด")
    return manifest


def verify_archive(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member hashed as listed, nothing missing and nothing extra."""
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    seen = set()
    for member in tar.getmembers():
        if member.name == "manifest.json":
            continue
        if not member.isfile():
            raise BackupRefused(f"ไฟล์สำรอง: {member.name} ไม่ใช่ไฟล์ปกติ ไม่ได้กู้คืนสิ่งใด")
        if member.name not in listed:
            raise BackupRefused(f"ไฟล์สำรอง: {member.name} ไม่อยู่ใน manifest ไม่ได้กู้คืนสิ่งใด")
        f = tar.extractfile(member)
        assert f is not None
        if _sha256(f) != listed[member.name]:
            raise BackupRefused(
                f"ไฟล์สำรอง: ค่า SHA-256 ของ {member.name} ไม่ตรงกับ manifest "
                "(ไฟล์เสียหรือถูกแก้ไข) ไม่ได้กู้คืนสิ่งใด"
            )
        seen.add(member.name)
    missing = sorted(set(listed) - seen)
    if missing:
        raise BackupRefused(f"ไฟล์สำรอง: ขาดไฟล์ {missing[0]} ที่ manifest ระบุ ไม่ได้กู้คืนสิ่งใด")
    ours = migration_state()
    unknown = [
        f"{a}.{n}"
        for a, names in manifest["migrations"].items()
        for n in names
        if n not in ours.get(a, [])
    ]
    if unknown:
        raise BackupRefused(
            f"ไฟล์สำรองมาจากรุ่นที่ใหม่กว่า (migration {unknown[0]} ยังไม่ได้ใช้ที่นี่): "
            "ติดตั้งรุ่นเดียวกันแล้วรัน `prongsai migrate` ก่อน ไม่ได้กู้คืนสิ่งใด"
        )


def restore_backup(path: Path) -> Restored:
    """Check the archive and the target, then load everything or nothing."""
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as e:
        raise BackupRefused(f"เปิดไฟล์สำรอง {path} ไม่ได้: {e}") from e
    saved: list[str] = []
    with tar:
        manifest = read_manifest(tar)
        verify_archive(tar, manifest)
        _refuse_unless_empty()
        ContentType.objects.clear_cache()  # ids differ between databases
        media = [m for m in tar.getmembers() if m.name.startswith("media/")]
        names = [_safe_media_name(m.name) for m in media]
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "db.json"
            f = tar.extractfile("db.json")
            assert f is not None
            dump.write_bytes(f.read())
            objects = len(json.loads(dump.read_bytes()))
            try:
                with transaction.atomic():
                    # The shipped frameworks that migrate loaded give way to the
                    # backup's rows, whose ids the assessments point to.
                    for label in SHIPPED_APPS:
                        for model in reversed(list(apps.get_app_config(label).get_models())):
                            model._default_manager.all().delete()
                    call_command("loaddata", str(dump), verbosity=0)
                    for member, name in zip(media, names, strict=True):
                        src = tar.extractfile(member)
                        assert src is not None
                        stored = default_storage.save(name, File(src, name=name))
                        saved.append(stored)
                        if stored != name:
                            raise BackupRefused(f"เก็บไฟล์ {name} ไม่ได้ในชื่อเดิม ไม่ได้กู้คืนสิ่งใด")
            except BaseException:
                for name in saved:  # nothing partial: the files go with the rows
                    default_storage.delete(name)
                raise
    return Restored(objects, len(saved), manifest)
