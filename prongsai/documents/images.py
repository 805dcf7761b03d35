"""Evidence images, checked and normalised once for both renderers.

Uploads are photos and screenshots of any size and format. Each is opened
with Pillow first: a file that is not a readable image (or a decompression
bomb) is reported as unusable instead of failing the whole document. PNG,
JPEG and GIF files of a sane size are passed on byte for byte; anything else
(other formats, EXIF-rotated phone photos, images larger than 2400 px) is
re-encoded. Results are cached by (path, size, mtime).
"""

from __future__ import annotations

import io
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_SIDE = 2400  # px; ~390 dpi across the text width, enough for any screenshot
PASS_THROUGH = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}
ORIENTATION = 0x0112
_CACHE_SIZE = 48


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    ext: str  # "png", "jpg", "gif"
    width_px: int
    height_px: int


_cache: OrderedDict[tuple[str, int, int], PreparedImage | None] = OrderedDict()
_lock = threading.Lock()


def prepare_image(path: Path) -> PreparedImage | None:
    """The image ready to embed, or None when the file is not a usable image."""
    try:
        stat = path.stat()
    except OSError:
        logger.warning("evidence image missing: %s", path)
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    prepared = _load(path)
    with _lock:
        _cache[key] = prepared
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return prepared


def _load(path: Path) -> PreparedImage | None:
    if not path.is_file():
        logger.warning("evidence image is not a file: %s", path)
        return None
    try:
        with Image.open(path) as im:
            im.load()  # decode fully: a truncated file fails here, not in typst
            fmt = im.format or ""
            rotated = im.getexif().get(ORIENTATION, 1) not in (1, None)
            if fmt in PASS_THROUGH and not rotated and max(im.size) <= MAX_SIDE:
                return PreparedImage(path.read_bytes(), PASS_THROUGH[fmt], *im.size)
            return _reencode(im, photo=fmt in ("JPEG", "MPO"))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
        logger.warning("evidence image unusable: %s (%s)", path, exc)
        return None


def _reencode(im: Image.Image, *, photo: bool) -> PreparedImage:
    im = ImageOps.exif_transpose(im)
    if max(im.size) > MAX_SIDE:
        im = im.copy()
        im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    if photo:  # camera pictures stay JPEG; screenshots and drawings become PNG
        im.convert("RGB").save(buf, format="JPEG", quality=85)
        ext = "jpg"
    else:
        if im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            im = im.convert("RGBA")
        im.save(buf, format="PNG", optimize=False)
        ext = "png"
    return PreparedImage(buf.getvalue(), ext, im.width, im.height)
