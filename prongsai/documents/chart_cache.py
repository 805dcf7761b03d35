"""Charts kept on disk between processes.

An agency's scores do not change during the year, yet every `prongsai report`
process drew the same chart again: importing matplotlib, loading Sarabun into
it and drawing took about half of a cold command. The PNG is stored under a
name made from everything that decides its pixels (the data, the code of
`charts.py`, matplotlib's version), so a change to any of them misses.

The folder is private: created with mode 0700, and used only if it is a real
directory (not a link) owned by this process's user, so another local account
cannot plant an image in someone's documents. Any error reading or writing is
a cache miss, never a failed document.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

ENV = "PRONGSAI_CHART_CACHE"  # a folder; "off" disables the cache


@cache
def _code_version() -> str:
    source = (Path(__file__).parent / "charts.py").read_bytes()
    try:
        mpl = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover - matplotlib is a dependency
        mpl = "?"
    return hashlib.sha256(source + mpl.encode()).hexdigest()[:16]


def folder() -> Path | None:
    setting = os.environ.get(ENV, "")
    if setting == "off":
        return None
    uid = os.getuid() if hasattr(os, "getuid") else 0
    path = Path(setting) if setting else Path(tempfile.gettempdir()) / f"prongsai-charts-{uid}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    if info.st_mode & 0o077:
        return None  # readable or writable by others: not ours to trust
    return path


def key(parts: object) -> str:
    data = json.dumps([_code_version(), parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def load(name: str) -> bytes | None:
    where = folder()
    if where is None:
        return None
    try:
        return (where / f"{name}.bin").read_bytes()
    except OSError:
        return None


def store(name: str, data: bytes) -> None:
    where = folder()
    if where is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, where / f"{name}.bin")  # atomic: a reader never sees half a file
    except OSError:
        return
