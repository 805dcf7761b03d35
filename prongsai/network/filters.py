"""Filtering and sorting the network table, in SQL over network.table's query,
so the page, its CSV/XLSX export and `prongsai network` show exactly the same
rows and a national scope is filtered by the database, not in Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from prongsai.network.selectors import NetworkRow

# Sort keys and the columns of network.table they order by. A row without a
# value (no results yet) always comes last, whichever the direction.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "district": ("province", "district", "name"),
    "total": ("total",),
    "change": ("change",),
    "iit": ("iit",),
    "eit": ("eit",),
    "oit": ("oit",),
    "overdue": ("overdue",),
    "oit_ready": ("oit_ready",),
    "responses": ("responses",),
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

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Filter and order a table query (network.table) in SQL."""
        if self.q:
            qs = qs.filter(Q(name__icontains=self.q) | Q(slug__icontains=self.q))
        if self.rating:
            qs = qs.filter(rating=self.rating)
        if self.type:
            qs = qs.filter(type=self.type)
        if self.district:
            qs = qs.filter(district=self.district)
        if self.no_measures:
            qs = qs.filter(planned=0)
        if self.oit_not_ready:
            qs = qs.filter(Q(oit_ready__isnull=True) | Q(oit_ready__lt=100))
        descending = self.sort.startswith("-")
        columns = SORTS[self.sort.lstrip("-")]
        order = [
            F(c).desc(nulls_last=True) if descending else F(c).asc(nulls_last=True) for c in columns
        ]
        return qs.order_by(*order, "province", "district", "name", "pk")


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
