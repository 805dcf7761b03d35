"""Reading a disclosure links file (code,url) against a year's framework.

Pure, like the results import: bytes and a FrameworkSpec in, validated rows or
every error found out (row, column, why). Several rows per code are allowed:
an OIT item often needs more than one page or document.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from prongsai.framework.schema import FrameworkSpec
from prongsai.lib.imports import check_rows, import_rows
from prongsai.lib.tabular import Row


@dataclass(frozen=True)
class LinkRow:
    row: int
    code: str
    url: str


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an answer link (Thai), or None when it can."""
    if not url:
        return _("ไม่มีลิงก์")
    if any(ch.isspace() for ch in url):
        return _("ลิงก์มีช่องว่าง")
    try:
        parts = urlsplit(url)
    except ValueError:
        return _("'%s' ไม่ใช่ลิงก์") % url
    if parts.scheme.lower() not in ("http", "https"):
        return _("'%s' ไม่ใช่ลิงก์เว็บ (ต้องขึ้นต้นด้วย http:// หรือ https://)") % url
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        return _("'%s' ไม่มีชื่อเว็บไซต์ที่ถูกต้อง") % url
    if len(url) > 1000:
        return _("ลิงก์ยาวเกิน 1000 ตัวอักษร")
    return None


def parse_links(data: bytes, spec: FrameworkSpec, *, max_bytes: int) -> list[LinkRow]:
    rows = import_rows(data, required=("code", "url"), max_bytes=max_bytes)
    seen: dict[tuple[str, str], int] = {}

    def check(row: Row, where: str) -> LinkRow | str:
        raw_code = row.values["code"]
        if not raw_code:
            return _("%(where)s คอลัมน์ code: ว่าง ต้องมีรหัสข้อ เช่น o11") % {"where": where}
        try:
            code = spec.canonical_code(raw_code)
        except ValueError:
            return _("%(where)s คอลัมน์ code: '%(v)s' ไม่ใช่รหัสข้อ OIT (เช่น o11)") % {
                "where": where,
                "v": raw_code,
            }
        if not spec.has_question(code) or spec.tool_of(code) != "oit":
            return _("%(where)s คอลัมน์ code: ไม่มีข้อ OIT %(code)s ในกรอบการประเมินปี %(year)s") % {
                "where": where,
                "code": code,
                "year": spec.year,
            }
        url = row.values["url"]
        problem = url_problem(url)
        if problem is not None:
            return _("%(where)s คอลัมน์ url: %(why)s") % {"where": where, "why": problem}
        key = (code, url)
        if key in seen:
            return _("%(where)s คอลัมน์ url: ลิงก์ของข้อ %(code)s ซ้ำกับแถว %(first)d") % {
                "where": where,
                "code": code,
                "first": seen[key],
            }
        seen[key] = row.number
        return LinkRow(row.number, code, url)

    return check_rows(rows, check)
