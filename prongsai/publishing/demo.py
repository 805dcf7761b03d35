"""Disclosure demo for อบต.ท่าตลาด: OIT items of 2566 and 2567 with links on the
agency's site, a mix of statuses, then a publication of its public page.

The links are plausible addresses on https://www.thatalad.go.th/ and are never
fetched by the demo or the tests. demo-other gets a few links but is never
published, so its public page answers 404. Idempotent: a year whose items
already have links is left alone, and the page is published again only when
something would change.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.contrib.auth import get_user_model

from prongsai.agencies.models import Agency
from prongsai.publishing.models import DisclosureItem, DisclosureLink
from prongsai.publishing.services import (
    disclosure_accept,
    disclosure_items_ensure,
    disclosure_propose,
    disclosure_reject,
    disclosure_update,
    oit_questions,
    publication_is_current,
    publication_publish,
)

SITE = "https://www.thatalad.go.th"
# The 2566 items the demo's OIT scores mark as not published (prongsai.demo.SAMPLE_OIT_MISSING).
MISSING_2566 = {"o33", "o41"}
# 2566 items of กองคลัง: budget plan and reports, procurement.
FINANCE_2566 = {"o11", "o12", "o13", "o19", "o20", "o21", "o22"}
OFFICE_RESPONSIBLE = "นักวิเคราะห์นโยบายและแผน สำนักปลัด"
FINANCE_RESPONSIBLE = "ผู้อำนวยการกองคลัง"


def _user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def _has_links(agency: Agency, year: int) -> bool:
    return DisclosureLink.objects.filter(item__agency=agency, item__year=year).exists()


def _year_2566(agency: Agency) -> None:
    if _has_links(agency, 2566):
        return
    admin, finance = _user("thatalad-admin"), _user("thatalad-finance")
    office = agency.departments.get(kind="office")
    finance_dept = agency.departments.get(kind="finance")
    requirements = {q.code: len(q.requirements) for q in oit_questions(2566)}
    for item in disclosure_items_ensure(agency=agency, year=2566):
        is_finance = item.code in FINANCE_2566
        disclosure_update(
            item=item,
            actor=admin,
            department=finance_dept if is_finance else office,
            responsible=FINANCE_RESPONSIBLE if is_finance else OFFICE_RESPONSIBLE,
            due_date=dt.date(2023, 2, 28),
        )
        if item.code in MISSING_2566:
            continue
        links = [f"{SITE}/ita/2566/{item.code}"]
        if item.code in ("o11", "o20"):
            links.append(f"{SITE}/files/ita2566/{item.code}.pdf")
        actor = finance if is_finance else admin
        disclosure_update(item=item, actor=actor, links=links,
                          components=list(range(requirements.get(item.code, 0))))  # fmt: skip
        disclosure_propose(item=item, actor=actor)
        disclosure_accept(item=item, actor=admin)


def _year_2567(agency: Agency) -> None:
    if _has_links(agency, 2567):
        return
    admin = _user("thatalad-admin")
    office = agency.departments.get(kind="office")
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2567)}
    requirements = {q.code: len(q.requirements) for q in oit_questions(2567)}
    for item in items.values():
        disclosure_update(item=item, actor=admin, department=office,
                          responsible=OFFICE_RESPONSIBLE, due_date=dt.date(2024, 3, 31))  # fmt: skip
    # o1 published with every component, o2 proposed with one component missing,
    # o3 sent back by the admin, o4 still missing.
    disclosure_update(item=items["o1"], actor=admin, links=[f"{SITE}/ita/2567/o1"],
                      components=list(range(requirements["o1"])))  # fmt: skip
    disclosure_accept(item=items["o1"], actor=admin)
    disclosure_update(item=items["o2"], actor=admin, links=[f"{SITE}/ita/2567/o2"],
                      components=list(range(requirements["o2"] - 1)))  # fmt: skip
    disclosure_propose(item=items["o2"], actor=admin)
    disclosure_update(item=items["o3"], actor=admin,
                      links=[f"{SITE}/files/ita2567/o3-authority.pdf"],
                      notes="ใช้ประกาศโครงสร้างส่วนราชการ พ.ศ. 2566")  # fmt: skip
    disclosure_propose(item=items["o3"], actor=admin)
    disclosure_reject(item=items["o3"], actor=admin,
                      reason="เอกสารเป็นตัวบทกฎหมายทั้งฉบับ ต้องสรุปอำนาจหน้าที่ของ อบต.ท่าตลาด โดยเฉพาะ")  # fmt: skip


def _other(other: Agency) -> None:
    if _has_links(other, 2566):
        return
    items = {i.code: i for i in disclosure_items_ensure(agency=other, year=2566)}
    for code in ("o1", "o2", "o5"):
        disclosure_update(item=items[code], actor=None,
                          links=[f"https://www.example-tambon.go.th/ita/2566/{code}"])  # fmt: skip


def load_publishing_demo(tha_talad: Agency, out: TextIO) -> None:
    _year_2566(tha_talad)
    _year_2567(tha_talad)
    other = Agency.objects.filter(slug="demo-other").first()
    if other is not None:
        _other(other)
    if not publication_is_current(tha_talad):
        publication = publication_publish(agency=tha_talad, actor=_user("thatalad-admin"))
        out.write(f"เผยแพร่หน้าความโปร่งใสของ {tha_talad.name} ครั้งที่ {publication.version}\n")
    published = DisclosureItem.objects.filter(agency=tha_talad, status="published").count()
    out.write(f"รายการ OIT ของ {tha_talad.name}: เผยแพร่แล้ว {published} ข้อ (ปี 2566 และ 2567)\n")
