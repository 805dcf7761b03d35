"""Filtering and sorting the network table: plain functions over rows, so the
page, its CSV/XLSX export and `prongsai network` show exactly the same rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from prongsai.network.selectors import NetworkRow

SORTS: dict[str, Callable[[NetworkRow], Any]] = {
    "name": lambda r: r.agency.name,
    "district": lambda r: (r.agency.province, r.agency.district, r.agency.name),
    "total": lambda r: r.total,
    "change": lambda r: r.change,
    "iit": lambda r: r.iit,
    "eit": lambda r: r.eit,
    "oit": lambda r: r.oit,
    "overdue": lambda r: r.measures["overdue"],
    "oit_ready": lambda r: r.oit_ready,
    "responses": lambda r: r.responses,
}


SORT_LABELS = {
    "name": _("ชื่อหน่วยงาน"),
    "district": _("อำเภอ"),
    "total": _("คะแนนรวม"),
    "change": _("เปลี่ยนจากปีก่อน"),
    "iit": "IIT",
    "eit": "EIT",
    "oit": "OIT",
    "overdue": _("มาตรการเกินกำหนด"),
    "oit_ready": _("OIT พร้อม"),
    "responses": _("ผู้ตอบ"),
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    rating: str = ""
    type: str = ""
    district: str = ""
    no_measures: bool = False
    oit_not_ready: bool = False
    sort: str = "district"

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> Filters:
        sort = data.get("sort", "district")
        if sort.lstrip("-") not in SORTS:
            sort = "district"
        return cls(
            q=data.get("q", "").strip(),
            rating=data.get("rating", "").strip(),
            type=data.get("type", "").strip(),
            district=data.get("district", "").strip(),
            no_measures=data.get("no_measures") == "1",
            oit_not_ready=data.get("oit_not_ready") == "1",
            sort=sort,
        )

    def keep(self, row: NetworkRow) -> bool:
        a = row.agency
        if self.q and self.q.casefold() not in f"{a.name} {a.slug}".casefold():
            return False
        if self.rating and row.rating != self.rating:
            return False
        if self.type and a.type != self.type:
            return False
        if self.district and a.district != self.district:
            return False
        if self.no_measures and row.measures["planned"]:
            return False
        return not (self.oit_not_ready and (row.oit_ready or 0) >= 100)

    def apply(self, rows: list[NetworkRow]) -> list[NetworkRow]:
        kept = [r for r in rows if self.keep(r)]
        key = SORTS[self.sort.lstrip("-")]
        descending = self.sort.startswith("-")
        present = [r for r in kept if key(r) is not None]
        absent = [r for r in kept if key(r) is None]  # no value: always last
        present.sort(key=key, reverse=descending)
        return present + absent


def as_table(rows: list[NetworkRow]) -> tuple[list[str], list[list[Any]]]:
    """The rows as the export shows them (same columns as the page)."""
    header = [
        "slug", "หน่วยงาน", "ประเภท", "จังหวัด", "อำเภอ", "คะแนนรวม", "ระดับ", "ผลการประเมิน",
        "IIT", "EIT", "OIT", "ตัวชี้วัดที่อ่อน", "เปลี่ยนจากปีก่อน", "มาตรการ", "ดำเนินการแล้ว",
        "เกินกำหนด", "OIT พร้อม (%)", "วันก่อนปิดรับ OIT", "ผู้ตอบแบบสอบถาม",
    ]  # fmt: skip

    def num(value: Decimal | float | None) -> float | str:
        return "" if value is None else float(value)

    body = [
        [
            r.agency.slug,
            r.agency.name,
            r.agency.get_type_display(),
            r.agency.province,
            r.agency.district,
            num(r.total),
            r.grade,
            r.rating,
            num(r.iit),
            num(r.eit),
            num(r.oit),
            " ".join(map(str, r.weak_indicators)),
            num(r.change),
            r.measures["planned"],
            r.measures["done"],
            r.measures["overdue"],
            num(r.oit_ready),
            "" if r.oit_days_left is None else r.oit_days_left,
            r.responses,
        ]
        for r in rows
    ]
    return header, body
