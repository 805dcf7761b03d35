"""Small filters for the improvement pages: `{% load improvement_tags %}`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from prongsai.improvement.models import MeasureStatus, TextSource, WeaknessStatus
from prongsai.lib.templatetags import thai_date

register = template.Library()

STATUS_CLASS = {
    "planned": "",
    "in_progress": "info",
    "done": "ok",
    "not_done": "bad",
    "cancelled": "warn",
}

# Thai names of the fields that history records mention.
FIELD_LABELS = {
    "name": _("ชื่อ"),
    "plan_year": _("ปีงบประมาณ"),
    "status": _("สถานะ"),
    "status_reason": _("เหตุผล"),
    "progress": _("ความคืบหน้า"),
    "start_date": _("วันเริ่ม"),
    "due_date": _("กำหนดเสร็จ"),
    "owner": _("ผู้ติดตาม"),
    "note": _("หมายเหตุ"),
    "closed_at": _("ปิดเมื่อ"),
    "weaknesses": _("ข้อบกพร่อง"),
    "departments": _("ผู้รับผิดชอบ"),
    "steps": _("ขั้นตอน"),
    "text": _("ข้อความ"),
    "date": _("วันที่"),
    "doc_number": _("เลขที่หนังสือ"),
    "doc_date": _("ลงวันที่"),
    "public": _("เผยแพร่"),
    "score": _("คะแนน"),
    "drop_reason": _("เหตุผลที่ตัดออก"),
    "diagnosis": _("ผลการวิเคราะห์"),
    "recommendation": _("ข้อเสนอแนะ"),
    "references": _("อ้างอิง"),
    "text_source": _("ที่มาของข้อความ"),
    "version": _("ฉบับที่"),
    "original_name": _("ชื่อไฟล์"),
    "sha256": "SHA-256",
    "size": _("ขนาด"),
    "link": _("ลิงก์"),
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "")


@register.filter
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


# Lazy labels, turned into text when shown: in the language of the page.
_LABELS = {
    "status": {**dict(MeasureStatus.choices), **dict(WeaknessStatus.choices)},
    "text_source": dict(TextSource.choices),
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.filter
def change_value(value: Any, field: str = "") -> str:
    """One side of a recorded change as people read it: labels instead of
    codes, Buddhist Era dates, sizes in KB, a short SHA-256."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("ใช่") if value else _("ไม่"))
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if field in _LABELS:
        return str(_LABELS[field].get(str(value), value))
    if field == "size" and isinstance(value, int):
        return filesize(value)
    if field == "sha256":
        return f"{str(value)[:12]}…"
    text = str(value)
    if _ISO_DATE.match(text):
        try:
            day = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        return thai_date(day if len(text) > 10 else day.date())
    return text


@register.filter
def filesize(n: int | None) -> str:
    if not n:
        return ""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB"


FILE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/gif": "GIF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}


@register.filter
def filetype(content_type: str) -> str:
    return FILE_TYPES.get(content_type, content_type or "")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def change_text(pair: Any, field: str) -> str:
    """ "old → new" of a recorded change, or just "new" when there was nothing before."""
    old, new = (
        (pair[0], pair[1]) if isinstance(pair, (list, tuple)) and len(pair) == 2 else (None, pair)
    )
    after = _short(change_value(new, field), 160)
    if old is None or old == "" or old == []:
        return after
    return f"{_short(change_value(old, field), 120)} → {after}"
