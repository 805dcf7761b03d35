"""The staff page's import of many agencies' results: the file of
`prongsai import-results --year Y FILE` (imports_many.py), uploaded, previewed,
then confirmed.

Between the preview and the confirmation the uploaded file stays on the
server (the default storage, so several app servers share it), under a random
name; the browser holds only a signed token naming that file, the year and
the staff user, valid for an hour. The confirmation reads the file again and
checks it from scratch with the same code as the preview: nothing the preview
page sent back is trusted, and agencies or scores may have changed meanwhile.
The token also carries the file's SHA-256, so what is imported is the file the
staff member saw previewed, even if the storage's copy was replaced; and it
only ever names a file of the form this module writes, never another stored
file (evidence, snapshots), even if the signing key were misused.
A confirmed file is deleted, so the same token cannot import twice, not even
from two requests at once (pending_claim); files
never confirmed are swept at the next upload once they are older than an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.lib.imports import ImportFailed

SALT = "prongsai.staff.results-import"
PENDING_DIR = "imports-pending"
MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
# What pending_keep names a file: the storage may add "_" and 7 letters when
# the name is taken.
NAME_RE = re.compile(rf"{PENDING_DIR}/[0-9a-f]{{32}}(?:_[A-Za-z0-9]{{7}})?\.bin")


@dataclass(frozen=True)
class Pending:
    """A previewed file waiting for its confirmation."""

    name: str  # in the default storage
    year: int
    file_name: str  # as uploaded, for the staff log


def _expired() -> ImportFailed:
    return ImportFailed([_("ไฟล์ที่ตรวจไว้หมดอายุหรือถูกนำเข้าไปแล้ว กรุณาอัปโหลดไฟล์อีกครั้ง")])


def pending_sweep() -> None:
    """Delete kept files older than MAX_AGE (previews never confirmed)."""
    cutoff = timezone.now() - timedelta(seconds=MAX_AGE)
    try:
        _dirs, files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        name = f"{PENDING_DIR}/{file}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue  # another request swept it first


def pending_keep(
    *, data: bytes, year: int, file_name: str, user: AbstractBaseUser | AnonymousUser
) -> str:
    """Keep a previewed file; the token the confirmation form sends back."""
    pending_sweep()
    name = default_storage.save(f"{PENDING_DIR}/{secrets.token_hex(16)}.bin", ContentFile(data))
    digest = hashlib.sha256(data).hexdigest()
    return signing.dumps(
        {"f": name, "y": year, "n": file_name[:200], "u": user.pk, "h": digest},
        salt=SALT,
        compress=True,
    )


def pending_open(token: str, *, user: AbstractBaseUser | AnonymousUser) -> tuple[Pending, bytes]:
    """The kept file of a token this user was given, or ImportFailed (forged,
    another user's, older than MAX_AGE, or already imported)."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as e:  # SignatureExpired included
        raise _expired() from e
    if not isinstance(value, dict) or value.get("u") != user.pk:
        raise _expired()
    name, year, digest = value.get("f"), value.get("y"), value.get("h")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise _expired()
    if not isinstance(year, int) or not isinstance(digest, str):
        raise _expired()
    try:
        with default_storage.open(name, "rb") as f:
            data = f.read()
    except FileNotFoundError as e:
        raise _expired() from e
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), digest):
        raise _expired()  # not the file that was previewed
    return Pending(name=name, year=year, file_name=str(value.get("n", ""))), data


def pending_claim(pending: Pending, *, user: AbstractBaseUser | AnonymousUser) -> None:
    """Inside the confirmation's transaction, before anything is written: the
    kept file is deleted, or ImportFailed if another confirmation of the same
    token got there first (a double click sends two requests that have both
    read the file). The staff user's row is locked so that two confirmations
    of theirs run one after the other (PostgreSQL; SQLite's write transactions
    already do)."""
    if user.pk is not None:
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    if not default_storage.exists(pending.name):
        raise _expired()
    default_storage.delete(pending.name)
