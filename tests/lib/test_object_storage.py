"""With STORAGE_BACKEND=s3 every stored file (evidence, snapshots, backups'
contents) goes to an S3-compatible bucket through django-storages, so app
servers keep nothing of their own. The bucket here is moto's S3 server on a
local port (the outside world, faked); everything of ours is real."""

from __future__ import annotations

import io
import socket
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

BUCKET = "prongsai-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def bucket(tmp_path: Path) -> Iterator[Any]:
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    port = _free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET)
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # MEDIA_ROOT points at an empty folder: anything written to the local
    # disk instead of the bucket would show up there.
    with override_settings(STORAGES=storages, MEDIA_ROOT=tmp_path / "local-media"):
        yield s3
    server.stop()


def _keys(s3: Any) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (12, 8), "blue").save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db
def test_evidence_goes_to_the_bucket_and_comes_back_only_to_its_agency(
    bucket: Any, demo: dict[str, Any], tmp_path: Path, login: Any
) -> None:
    from prongsai.improvement.models import Result
    from prongsai.improvement.services import evidence_add_screenshot

    result = Result.objects.filter(measure__agency=demo["agency"]).first()
    data = _png()
    evidence = evidence_add_screenshot(
        result=result, actor=demo["admin"], upload=SimpleUploadedFile("s.png", data), name="s.png"
    )
    revision = evidence.revisions.get()
    assert any(key.endswith(".png") for key in _keys(bucket))
    assert not (tmp_path / "local-media").exists()

    url = reverse("improvement:evidence_file", kwargs={"pk": revision.pk})
    response = login(demo["admin"]).get(url)
    assert b"".join(response.streaming_content) == data
    stranger = Client()
    stranger.force_login(demo["other_admin"])
    assert stranger.get(url).status_code == 404


@pytest.mark.django_db
def test_a_snapshot_blob_and_the_backup_read_the_bucket(
    bucket: Any, demo: Any, tmp_path: Path
) -> None:
    from prongsai.publishing.blobs import blob_open, blob_put

    sha = blob_put("snapshots", "<html>หน้าเว็บ ณ วันตรวจ</html>".encode())
    with blob_open("snapshots", sha) as f:
        assert "วันตรวจ" in f.read().decode()
    assert any(sha in key for key in _keys(bucket))

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        assert any(sha in name for name in tar.getnames())
