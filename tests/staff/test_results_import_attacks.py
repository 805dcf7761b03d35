"""The kept upload of the many-agency results import, attacked through its
token: the confirmation imports the file that was previewed and no other
stored file (tests of the page itself: test_results_import_page.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.accounts.models import StaffAction
from prongsai.assessments.models import QuestionScore
from prongsai.staff import results_import

GOOD = "agency,code,score\ntha-talad,I7,79.27\n"


@pytest.fixture
def somsri(staff_user: User, agency: Any, media_root: Path, client_for: Any) -> Client:
    return client_for(staff_user)


def _confirm(client: Client, token: str) -> Any:
    return client.post(reverse("staff:results_confirm"), {"token": token})


def _signed(staff: User, name: str) -> str:
    """A token as pending_keep would sign it, naming any file (what a leaked
    or misused signing key would allow)."""
    digest = hashlib.sha256(GOOD.encode()).hexdigest()  # of the file it names
    value = {"f": name, "y": 2566, "n": "r.csv", "u": staff.pk, "h": digest}
    return signing.dumps(value, salt=results_import.SALT, compress=True)


@pytest.mark.parametrize(
    "name",
    ["imports-pending/../evidence/1/scores.csv", "evidence/1/scores.csv", "imports-pending/x.bin"],
)
def test_a_token_naming_a_file_the_import_did_not_keep_reads_nothing(
    somsri: Client, staff_user: User, name: str
) -> None:
    # Another stored file that happens to be a valid results sheet.
    default_storage.save("evidence/1/scores.csv", ContentFile(GOOD.encode()))
    default_storage.save("imports-pending/x.bin", ContentFile(GOOD.encode()))
    response = _confirm(somsri, _signed(staff_user, name))
    assert response.status_code == 400
    assert "กรุณาอัปโหลดไฟล์อีกครั้ง" in response.content.decode()
    assert not QuestionScore.objects.exists() and not StaffAction.objects.exists()


def test_a_kept_file_replaced_after_the_preview_is_not_imported(
    somsri: Client, media_root: Path
) -> None:
    upload = SimpleUploadedFile("r.csv", GOOD.encode())
    preview = somsri.post(reverse("staff:results_import"), {"year": "2566", "file": upload})
    (kept,) = (media_root / results_import.PENDING_DIR).iterdir()
    kept.write_bytes(b"agency,code,score\ntha-talad,I7,0\n")  # same name, other scores
    response = _confirm(somsri, preview.context["token"])
    assert response.status_code == 400
    assert not QuestionScore.objects.exists() and not StaffAction.objects.exists()


def test_the_previewed_file_itself_is_still_imported(somsri: Client) -> None:
    upload = SimpleUploadedFile("r.csv", GOOD.encode())
    preview = somsri.post(reverse("staff:results_import"), {"year": "2566", "file": upload})
    assert _confirm(somsri, preview.context["token"]).status_code == 200
    assert str(QuestionScore.objects.get().score) == "79.27"


def test_two_confirmations_that_both_read_the_file_import_it_once(
    somsri: Client, staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A double click: the second request has read the kept file before the
    # first one imported and deleted it.
    from prongsai.staff import views_results

    upload = SimpleUploadedFile("r.csv", GOOD.encode())
    token = somsri.post(reverse("staff:results_import"), {"year": "2566", "file": upload}).context[
        "token"
    ]
    read_early = results_import.pending_open(token, user=staff_user)
    assert _confirm(somsri, token).status_code == 200
    monkeypatch.setattr(views_results, "pending_open", lambda *a, **kw: read_early)
    second = _confirm(somsri, token)
    assert second.status_code == 400
    assert "ถูกนำเข้าไปแล้ว" in second.content.decode()
    assert StaffAction.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("r.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("r.xlsx", b"PK\x03\x04" + b"\x00" * 64),
        ("r.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ],
    ids=["png-named-csv", "broken-zip-named-xlsx", "pdf-named-csv"],
)
def test_a_file_that_is_not_a_table_is_refused_in_thai_and_nothing_is_kept(
    somsri: Client, media_root: Path, name: str, data: bytes
) -> None:
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    response = somsri.post(reverse("staff:results_import"), {"year": "2566", "file": upload})
    assert response.status_code == 400
    assert "อ่านไฟล์" in response.content.decode() or "หัวตาราง" in response.content.decode()
    assert not (media_root / results_import.PENDING_DIR).exists()
