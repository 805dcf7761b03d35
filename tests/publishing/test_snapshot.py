"""The snapshot builder on plain data: what the public may see, decided without a database."""

from __future__ import annotations

import datetime as dt

from prongsai.publishing.checking import describe_changes
from prongsai.publishing.snapshot import build_snapshot, measure_summary, snapshot_rows, year_slice

AS_OF = dt.date(2024, 5, 1)


def measure(**kw):  # type: ignore[no-untyped-def]
    base = {"id": 1, "plan_year": 2567, "name": "ม", "status": "in_progress", "status_label": "x",
            "progress": 50, "due_date": dt.date(2024, 4, 1), "closed_at": None, "results": []}  # fmt: skip
    return {**base, **kw}


def data(measures=(), disclosure=()):  # type: ignore[no-untyped-def]
    return {"as_of": AS_OF, "agency": {"slug": "a", "name": "A"}, "assessments": [],
            "measures": list(measures), "disclosure": list(disclosure)}  # fmt: skip


def test_overdue_counts_days_only_for_unfinished_measures() -> None:
    content = build_snapshot(data([
        measure(id=1), measure(id=2, status="done"), measure(id=3, status="planned", due_date=None),
        measure(id=4, status="not_done"), measure(id=5, due_date=dt.date(2024, 6, 1)),
    ]))  # fmt: skip
    overdue = {m["id"]: (m["overdue"], m["overdue_days"]) for m in content["measures"]}
    assert overdue == {1: (True, 30), 2: (False, 0), 3: (False, 0), 4: (False, 0), 5: (False, 0)}


def test_done_and_closed_are_counted_apart() -> None:
    content = build_snapshot(data([
        measure(id=1, status="done"), measure(id=2, status="done", closed_at=dt.datetime(2024, 4, 2)),
        measure(id=3, status="cancelled", closed_at=dt.datetime(2024, 4, 2)),
    ]))  # fmt: skip
    summary = measure_summary(content["measures"])
    assert (summary["done"], summary["closed"], summary["cancelled"]) == (2, 2, 1)


def test_private_results_and_evidence_are_left_out() -> None:
    evidence = [
        {"caption": "public file", "kind": "file", "public": True,
         "file": {"sha256": "a" * 64, "name": "f.pdf", "content_type": "application/pdf", "size": 3}},
        {"caption": "private", "kind": "link", "public": False, "link": "https://x"},
    ]  # fmt: skip
    results = [
        {"date": dt.date(2024, 1, 1), "text": "shown", "public": True, "evidence": evidence},
        {"date": dt.date(2024, 1, 2), "text": "hidden", "public": False, "evidence": evidence},
    ]
    content = build_snapshot(data([measure(results=results)]))
    (shown,) = content["measures"][0]["results"]
    assert shown["text"] == "shown"
    assert [e["caption"] for e in shown["evidence"]] == ["public file"]


def test_only_accepted_items_with_links_enter_the_disclosure_index() -> None:
    items = [
        {"code": "o1", "title": "t1", "status": "published", "links": ["https://a/1"], "required_year": 2566},
        {"code": "o2", "title": "t2", "status": "proposed", "links": ["https://a/2"], "required_year": 2566},
        {"code": "o3", "title": "t3", "status": "published", "links": [], "required_year": 2566},
        {"code": "o4", "title": "t4", "status": "missing", "links": [], "required_year": 2566},
    ]  # fmt: skip
    content = build_snapshot(data(disclosure=[{"year": 2566, "items": items}]))
    (block,) = content["disclosure"]
    assert [i["code"] for i in block["items"]] == ["o1"]
    assert (block["published"], block["total"]) == (1, 4)
    assert content["years"] == [2566]
    rows = snapshot_rows(content, item_url=lambda y, c: f"/{y}/{c}", file_url=lambda s: s)
    assert [(r["section"], r["url"], r["detail"]) for r in rows] == [
        ("disclosure", "https://a/1", "/2566/o1")
    ]


def test_year_slice_keeps_one_year() -> None:
    content = build_snapshot(data([measure(id=1), measure(id=2, plan_year=2568)]))
    assert [m["id"] for m in year_slice(content, 2568)["measures"]] == [2]


class V:
    def __init__(self, **kw):  # type: ignore[no-untyped-def]
        self.ok, self.status, self.error, self.sha256 = True, 200, "", "a"
        self.year_found, self.final_url = True, "https://a/"
        self.__dict__.update(kw)


def test_changes_between_two_checks_are_said_in_thai() -> None:
    assert describe_changes(None, V()) == ["ตรวจครั้งแรก"]
    assert describe_changes(V(), V()) == ["ไม่เปลี่ยนแปลงจากครั้งก่อน"]
    changes = describe_changes(V(), V(ok=False, status=404, sha256="b", year_found=False))
    assert changes == ["ผ่าน → ไม่ผ่าน", "สถานะ HTTP 200 → 404", "ไม่พบปีที่กำหนดแล้ว",
                       "เนื้อหาเปลี่ยนไปจากครั้งก่อน"]  # fmt: skip
