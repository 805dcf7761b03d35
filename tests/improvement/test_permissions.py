"""Who may see and do what, page by page and action by action.

Agency admin: everything. Department editor (กองคลัง): reads everything,
changes only กองคลัง's measures (403 on สำนักปลัด's). Viewer: reads, 403 on every
change. Admin of another agency: 404 on every object of อบต.ท่าตลาด, and sees
none of its data on its own pages. Anonymous: sent to sign in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from prongsai.improvement.models import Evidence, EvidenceRevision
from prongsai.improvement.services import recommendation_save_agency_copy, weakness_drop
from tests.improvement.conftest import png_bytes, upload, weakness

pytestmark = pytest.mark.django_db

SECRET = "ข้อความเฉพาะของท่าตลาดสำหรับข้อ I7"
ALLOWED = {200, 302}


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable[[dict[str, Any]], str]
    # "read": any member; "admin": agency admins; "finance"/"office": who may
    # change that department's measure.
    kind: str
    # True when the URL names an object of อบต.ท่าตลาด (another agency: 404).
    scoped: bool = True
    data: Callable[[dict[str, Any]], dict[str, Any]] | None = None


@pytest.fixture
def world(
    analysed: Any,
    agency: Any,
    agency_admin: Any,
    department_editor: Any,
    viewer: Any,
    other_admin: Any,
    finance_result: Any,
    office_result: Any,
) -> dict[str, Any]:
    weakness_drop(weakness=weakness(analysed, "E15"), actor=agency_admin, reason="ใกล้เกณฑ์")
    recommendation_save_agency_copy(
        agency=agency,
        year=2566,
        code="I7",
        actor=agency_admin,
        diagnosis=SECRET,
        recommendation="",
        references="",
    )
    objects: dict[str, Any] = {
        "agency": agency,
        "I7": weakness(analysed, "I7"),
        "E15": weakness(analysed, "E15"),
    }
    for dept, result in (("finance", finance_result), ("office", office_result)):
        evidence = Evidence.objects.get(result=result)
        objects[dept] = {
            "measure": result.measure,
            "step": result.measure.steps.first(),
            "result": result,
            "evidence": evidence,
            "revision": EvidenceRevision.objects.get(evidence=evidence),
            "department": agency.departments.get(kind=dept),
        }
    return objects


def _measure_form(w: dict[str, Any], dept: str) -> dict[str, Any]:
    return {
        "name": "มาตรการที่แก้ไขแล้ว",
        "plan_year": "2567",
        "weaknesses": [w["I7"].pk],
        "departments": [w[dept]["department"].pk],
        "start_date": "2023-10-01",
        "due_date": "2024-09-30",
        "progress": "10",
        "note": "",
    }


def _edits(dept: str) -> list[Action]:
    def m(w: dict[str, Any]) -> dict[str, Any]:
        return w[dept]

    return [
        Action(
            f"{dept}-measure-edit-page",
            "get",
            lambda w: f"/improvement/measures/{m(w)['measure'].pk}/edit/",
            dept,
        ),
        Action(
            f"{dept}-measure-edit",
            "post",
            lambda w: f"/improvement/measures/{m(w)['measure'].pk}/edit/",
            dept,
            data=lambda w: _measure_form(w, dept),
        ),
        Action(
            f"{dept}-status",
            "post",
            lambda w: f"/improvement/measures/{m(w)['measure'].pk}/status/",
            dept,
            data=lambda w: {"status": "in_progress", "progress": "30", "reason": ""},
        ),
        Action(
            f"{dept}-step-add",
            "post",
            lambda w: f"/improvement/measures/{m(w)['measure'].pk}/steps/",
            dept,
            data=lambda w: {"text": "รายงานผลให้ผู้บริหารทราบ"},
        ),
        Action(
            f"{dept}-step-edit",
            "post",
            lambda w: f"/improvement/steps/{m(w)['step'].pk}/",
            dept,
            data=lambda w: {"action": "update", "text": "ขั้นตอนที่แก้ไขแล้ว"},
        ),
        Action(
            f"{dept}-step-delete",
            "post",
            lambda w: f"/improvement/steps/{m(w)['step'].pk}/",
            dept,
            data=lambda w: {"action": "delete"},
        ),
        Action(
            f"{dept}-result-add",
            "post",
            lambda w: f"/improvement/measures/{m(w)['measure'].pk}/results/",
            dept,
            data=lambda w: {"text": "ประชุมชี้แจงแล้ว", "date": "2024-02-01", "public": "on"},
        ),
        Action(
            f"{dept}-result-edit-page",
            "get",
            lambda w: f"/improvement/results/{m(w)['result'].pk}/edit/",
            dept,
        ),
        Action(
            f"{dept}-result-edit",
            "post",
            lambda w: f"/improvement/results/{m(w)['result'].pk}/edit/",
            dept,
            data=lambda w: {
                "text": "แก้ไขผลแล้ว",
                "date": "2024-02-02",
                "doc_number": "๑๔๙/2566",
                "doc_date": "2023-03-03",
            },
        ),
        Action(
            f"{dept}-result-delete",
            "post",
            lambda w: f"/improvement/results/{m(w)['result'].pk}/delete/",
            dept,
        ),
        Action(
            f"{dept}-evidence-add",
            "post",
            lambda w: f"/improvement/results/{m(w)['result'].pk}/evidence/",
            dept,
            data=lambda w: {
                "kind": "link",
                "caption": "เว็บไซต์",
                "link": "https://www.thatalad.go.th/",
                "public": "on",
            },
        ),
        Action(
            f"{dept}-evidence-revise",
            "post",
            lambda w: f"/improvement/evidence/{m(w)['evidence'].pk}/revise/",
            dept,
            data=lambda w: {"file": upload(png_bytes(color="blue"), "new.png"), "note": "ฉบับใหม่"},
        ),
    ]


ACTIONS = [
    # Pages every member reads
    Action("analysis-index", "get", lambda w: "/improvement/analysis/", "read", scoped=False),
    Action("analysis", "get", lambda w: "/improvement/analysis/2566/official/", "read"),
    Action("weakness", "get", lambda w: f"/improvement/weaknesses/{w['I7'].pk}/", "read"),
    Action(
        "measures", "get", lambda w: "/improvement/measures/?status=planned", "read", scoped=False
    ),
    Action("my-measures", "get", lambda w: "/improvement/measures/mine/", "read", scoped=False),
    Action("dashboard", "get", lambda w: "/", "read", scoped=False),
    Action(
        "finance-measure",
        "get",
        lambda w: f"/improvement/measures/{w['finance']['measure'].pk}/",
        "read",
    ),
    Action(
        "office-measure",
        "get",
        lambda w: f"/improvement/measures/{w['office']['measure'].pk}/",
        "read",
    ),
    Action(
        "history",
        "get",
        lambda w: f"/improvement/measures/{w['finance']['measure'].pk}/history/",
        "read",
    ),
    Action(
        "evidence-file",
        "get",
        lambda w: f"/improvement/evidence/files/{w['finance']['revision'].pk}/",
        "read",
    ),
    Action(
        "evidence-thumb",
        "get",
        lambda w: f"/improvement/evidence/files/{w['office']['revision'].pk}/thumb/",
        "read",
    ),
    # The agency admin's actions
    Action("analysis-run", "post", lambda w: "/improvement/analysis/2566/official/run/", "admin"),
    Action(
        "weakness-add",
        "post",
        lambda w: "/improvement/analysis/2566/official/add/",
        "admin",
        data=lambda w: {"code": "I20"},
    ),
    Action(
        "weakness-drop",
        "post",
        lambda w: f"/improvement/weaknesses/{w['I7'].pk}/drop/",
        "admin",
        data=lambda w: {"reason": "ผู้บริหารให้มุ่งข้ออื่นก่อน"},
    ),
    Action(
        "weakness-restore",
        "post",
        lambda w: f"/improvement/weaknesses/{w['E15'].pk}/restore/",
        "admin",
    ),
    Action(
        "weakness-edit",
        "post",
        lambda w: f"/improvement/weaknesses/{w['I7'].pk}/edit/",
        "admin",
        data=lambda w: {
            "diagnosis": "ผลการวิเคราะห์ใหม่",
            "recommendation": "ข้อเสนอแนะ",
            "references": "o11",
        },
    ),
    Action(
        "from-suggestion",
        "post",
        lambda w: f"/improvement/weaknesses/{w['I7'].pk}/suggestions/0/create/",
        "admin",
    ),
    Action(
        "measure-close",
        "post",
        lambda w: f"/improvement/measures/{w['finance']['measure'].pk}/close/",
        "admin",
    ),
    Action(
        "recommendation-page",
        "get",
        lambda w: "/improvement/recommendations/2566/I7/",
        "admin",
        scoped=False,
    ),
    Action(
        "recommendation-save",
        "post",
        lambda w: "/improvement/recommendations/2566/I7/",
        "admin",
        scoped=False,
        data=lambda w: {
            "diagnosis": "ข้อ {code} ได้ {score}",
            "recommendation": "",
            "references": "o11",
        },
    ),
    Action(
        "recommendation-reset",
        "post",
        lambda w: "/improvement/recommendations/2566/I7/reset/",
        "admin",
        scoped=False,
    ),
    Action(
        "measure-new-page", "get", lambda w: "/improvement/measures/new/", "admin", scoped=False
    ),
    Action(
        "measure-new",
        "post",
        lambda w: "/improvement/measures/new/",
        "admin",
        scoped=False,
        data=lambda w: {"name": "มาตรการใหม่", "plan_year": "2567", "progress": "0"},
    ),
    *_edits("finance"),
    *_edits("office"),
]

PERSONAS = ["agency_admin", "department_editor", "viewer", "other_admin", "anonymous"]


def expected(persona: str, action: Action) -> str:
    """ "ok", "forbidden" (403), "missing" (404) or "login"."""
    if persona == "anonymous":
        return "login"
    if persona == "other_admin":
        return "missing" if action.scoped else "ok"
    if action.kind == "read" or persona == "agency_admin":
        return "ok"
    if persona == "department_editor" and action.kind == "finance":
        return "ok"
    return "forbidden"


@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(
    persona: str, action: Action, world: dict[str, Any], client: Any, request: Any
) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = action.url(world)
    data = action.data(world) if action.data else {}
    response = client.get(url) if action.method == "get" else client.post(url, data)
    want = expected(persona, action)
    status = response.status_code
    if want == "login":
        assert status == 302 and response["Location"].startswith("/accounts/login/")
    elif want == "forbidden":
        assert status == 403
    elif want == "missing":
        assert status == 404
    else:
        assert status in ALLOWED, (status, getattr(response, "content", b"")[:500])
        if persona == "other_admin" and action.method == "get" and status == 200:
            page = response.content.decode()
            assert SECRET not in page
            assert world["finance"]["measure"].name not in page
            assert world["office"]["measure"].name not in page


def test_a_department_editor_cannot_change_another_departments_measure(
    world: dict[str, Any], login: Any, department_editor: Any
) -> None:
    office = world["office"]["measure"]
    client = login(department_editor)
    response = client.post(f"/improvement/measures/{office.pk}/status/", {"status": "done"})
    assert response.status_code == 403
    office.refresh_from_db()
    assert office.status == "planned"
    page = client.get(f"/improvement/measures/{office.pk}/").content.decode()
    assert "เปลี่ยนสถานะหรือความคืบหน้า" not in page
    assert (
        "เปลี่ยนสถานะหรือความคืบหน้า"
        in client.get(f"/improvement/measures/{world['finance']['measure'].pk}/").content.decode()
    )


def test_a_department_editor_cannot_hand_a_measure_to_other_departments_only(
    world: dict[str, Any], login: Any, department_editor: Any
) -> None:
    finance = world["finance"]["measure"]
    response = login(department_editor).post(
        f"/improvement/measures/{finance.pk}/edit/", _measure_form(world, "office")
    )
    assert response.status_code == 400
    assert "ต้องคงส่วนราชการของท่านไว้อย่างน้อยหนึ่งแห่ง" in response.content.decode()
    assert [d.kind for d in finance.departments.all()] == ["finance"]


def test_result_dates_are_shown_in_the_buddhist_era(
    world: dict[str, Any], login: Any, viewer: Any
) -> None:
    result = world["finance"]["result"]
    result.doc_number, result.doc_date, result.date = (
        "๑๔๙/2566",
        dt.date(2023, 3, 3),
        dt.date(2024, 1, 15),
    )
    result.save()
    page = login(viewer).get(f"/improvement/measures/{result.measure_id}/").content.decode()
    assert "ที่ ๑๔๙/2566 ลงวันที่ 3 มีนาคม 2566" in page
    assert "15 มกราคม 2567" in page
