"""Backup of the demo, restore into an emptied database: the same agency comes back."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client

from prongsai.backup.archive import storage_files
from prongsai.history.selectors import agency_chain_check
from prongsai.improvement.models import EvidenceRevision, Measure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _state(agency) -> dict[str, object]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("scores", "--agency", agency.slug, "--year", "2566", "--json", stdout=out)
    cache.clear()
    return {
        "scores": json.loads(out.getvalue()),
        "measures": sorted(
            Measure.objects.filter(agency=agency).values_list(
                "pk", "name", "plan_year", "progress", "status"
            )
        ),
        "evidence": sorted(EvidenceRevision.objects.values_list("pk", "sha256", "file")),
        "files": {
            name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
            for name in storage_files()
        },
        "public": Client().get(f"/public/{agency.slug}/").content.decode(),
        "chain_ok": agency_chain_check(agency.pk).ok,
    }


def _empty_install(media: Path) -> None:
    """What a new server has after `prongsai migrate`: no data, shipped frameworks."""
    call_command("flush", interactive=False, verbosity=0)  # post_migrate reloads frameworks
    ContentType.objects.clear_cache()
    cache.clear()
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture
def backed_up(media, tmp_path: Path):  # type: ignore[no-untyped-def]
    from prongsai.agencies.models import Agency
    from prongsai.demo import load_demo

    load_demo(io.StringIO())
    agency = Agency.objects.get(slug="tha-talad")
    before = _state(agency)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    return agency, before, archive


def test_a_restored_demo_has_the_same_scores_measures_evidence_and_public_page(backed_up, media):
    agency, before, archive = backed_up
    assert before["evidence"] and before["files"] and before["measures"] and before["chain_ok"]
    assert "<main" in before["public"]
    _empty_install(media)
    assert not Measure.objects.exists() and not list(storage_files())
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "กู้คืนแล้ว" in out.getvalue()
    after = _state(agency)
    assert after == before


def test_the_manifest_lists_every_file_with_its_hash_version_and_migrations(backed_up):
    _agency, before, archive = backed_up
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = {m.name for m in tar.getmembers()} - {"manifest.json"}
        for entry in manifest["files"]:
            data = tar.extractfile(entry["path"]).read()  # type: ignore[union-attr]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert names == {f["path"] for f in manifest["files"]}
    assert {f"media/{n}" for n in before["files"]} | {"db.json"} == names
    assert "0002_hash_chain" in manifest["migrations"]["history"]
    assert manifest["app_version"] and manifest["created_at"]


def test_restore_refuses_a_database_that_has_data(backed_up):
    _agency, _before, archive = backed_up
    with pytest.raises(CommandError, match="ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_restore_refuses_a_tampered_archive_and_writes_nothing(backed_up, media, tmp_path):
    _agency, _before, archive = backed_up
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "db.json":
                data = data.replace("มาตรการ".encode(), "มาตรกาล".encode(), 1)
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    _empty_install(media)
    with pytest.raises(CommandError, match=r"SHA-256 ของ db\.json ไม่ตรงกับ manifest"):
        call_command("restore", str(tampered), stdout=io.StringIO())
    assert not Measure.objects.exists() and not list(storage_files())


def test_the_archive_is_readable_by_its_owner_only(backed_up):
    _agency, _before, archive = backed_up
    assert archive.stat().st_mode & 0o077 == 0


def test_restore_refuses_a_storage_that_already_has_files(backed_up, media):
    _agency, _before, archive = backed_up
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    with pytest.raises(CommandError, match="ที่เก็บไฟล์"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not Measure.objects.exists()
