"""Evidence files: what we accept, and how we store it.

The type is decided by the file's content (magic bytes; for DOCX/XLSX, the ZIP's
own table of contents), never by its name or the browser's content type: an
.exe renamed .pdf or an HTML page named .png is refused. Files are stored under a
generated name (uuid + the extension of the type we found), never the user's
name, so a name like "../../etc/passwd.pdf" cannot choose where it lands; the
original name is kept, cleaned, only for display and download.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import Image

# Extension -> content type, for the types we accept.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_TYPES = ("png", "jpg", "webp", "gif")
ALLOWED_TEXT = "PDF, PNG, JPEG, WebP, GIF, DOCX, XLSX"
# A screenshot larger than this many pixels is refused before it is decoded
# (a small file can claim a huge image: a decompression bomb).
MAX_IMAGE_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 480)
_ZIP_MAX_ENTRIES = 5000


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    extension: str
    content_type: str
    size: int
    sha256: str
    original_name: str

    @property
    def is_image(self) -> bool:
        return self.extension in IMAGE_TYPES


def size_text(n: int) -> str:
    """20971520 → "20 MB", 2048 → "2 KB"."""
    if n < 1024 * 1024:
        return f"{max(1, n // 1024)} KB"
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".") + " MB"


def clean_name(name: str, extension: str) -> str:
    """The user's file name for display: no folders, no control characters,
    at most 150 characters; "file.<ext>" when nothing is left."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:140] + dot + ext[:9]) if dot else base[:150]
    return base or f"file.{extension}"


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if len(names) > _ZIP_MAX_ENTRIES or "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def sniff(data: bytes) -> str | None:
    """The extension of the type `data` really is, or None if we do not accept it."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _read_limited(upload: IO[bytes], limit: int) -> bytes:
    """Read at most limit + 1 bytes, so an oversized upload is never read whole."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    while total <= limit:
        chunk = upload.read(min(1024 * 1024, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _check_image(data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("ภาพมีขนาด %(w)d×%(h)d พิกเซล ใหญ่เกินไป (รับได้ไม่เกิน %(mp)d ล้านพิกเซล)")
                        % {"w": width, "h": height, "mp": MAX_IMAGE_PIXELS // 1_000_000}
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("ภาพมีจำนวนพิกเซลใหญ่ผิดปกติ ระบบไม่รับไฟล์นี้")) from None
    except Exception:  # Pillow raises many kinds for a broken file
        raise ValidationError(_("เปิดไฟล์ภาพไม่ได้ ไฟล์อาจเสียหาย")) from None


def check_upload(upload: IO[bytes], *, name: str, images_only: bool = False) -> CheckedFile:
    """Read and check an uploaded file; raises ValidationError with a Thai message."""
    limit = settings.UPLOAD_MAX_BYTES
    data = _read_limited(upload, limit)
    if len(data) > limit:
        raise ValidationError(too_large_message())
    if not data:
        raise ValidationError(_("ไฟล์ว่างเปล่า"))
    extension = sniff(data)
    if extension is None:
        raise ValidationError(
            _("ไม่รับไฟล์ชนิดนี้ (ตรวจจากเนื้อหาไฟล์ ไม่ใช่จากนามสกุล) รับเฉพาะ %(types)s")
            % {"types": ALLOWED_TEXT}
        )
    if images_only and extension not in IMAGE_TYPES:
        raise ValidationError(_("ภาพหน้าจอต้องเป็นไฟล์ภาพ PNG, JPEG, WebP หรือ GIF"))
    if extension in IMAGE_TYPES:
        _check_image(data)
    return CheckedFile(
        data=data,
        extension=extension,
        content_type=CONTENT_TYPES[extension],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=clean_name(name, extension),
    )


def make_thumbnail(data: bytes) -> bytes:
    """A JPEG of at most 480×480 for the evidence list."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        thumb = image.convert("RGB")
        thumb.thumbnail(THUMBNAIL_SIZE)
        out = io.BytesIO()
        thumb.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def store(checked: CheckedFile, *, agency_id: int) -> tuple[str, str]:
    """Save the file (and a thumbnail for images) under generated names.
    Returns the storage names (file, thumbnail or "")."""
    folder = f"evidence/{agency_id}/{timezone.now():%Y/%m}"
    key = uuid.uuid4().hex
    name = default_storage.save(f"{folder}/{key}.{checked.extension}", ContentFile(checked.data))
    thumb = ""
    if checked.is_image:
        thumb = default_storage.save(
            f"{folder}/{key}-thumb.jpg", ContentFile(make_thumbnail(checked.data))
        )
    return name, thumb


def too_large_message() -> str:
    return _("ไฟล์ใหญ่เกินไป รับได้ไม่เกิน %(size)s ต่อไฟล์") % {
        "size": size_text(settings.UPLOAD_MAX_BYTES)
    }


class LimitedUploadHandler(FileUploadHandler):
    """First upload handler of the evidence views: a file that grows past
    UPLOAD_MAX_BYTES is dropped while it streams in (never written whole to
    disk); its field name goes to request.uploads_too_large for the message."""

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            too_large = getattr(self.request, "uploads_too_large", [])
            too_large.append(self.field_name)
            self.request.uploads_too_large = too_large  # type: ignore[union-attr]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put LimitedUploadHandler first. Upload handlers must be set before the
    body is read, and the CSRF check reads it: so the view is exempted here and
    checked right after (Django's documented pattern)."""
    protected = csrf_protect(view)

    @wraps(view)
    @csrf_exempt
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.upload_handlers.insert(0, LimitedUploadHandler(request))
        return protected(request, *args, **kwargs)

    return wrapper
