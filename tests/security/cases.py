"""Every route of the URLconf, declared once: what a valid request of Tha
Talad's admin is, and who must not be able to make it.

- POST: routes that change something. Each case builds the URL and a payload
  that succeeds for Tha Talad's admin (test_write_isolation checks that it
  does, else the case proves nothing), then replays it as the attackers.
- DOWNLOADS: routes that answer a file (Content-Disposition or not HTML).
- READ_ONLY: pages that only read, with why; test_registry fails on a route
  in none of the three, on a view that reads request.POST outside POST, and
  on an undeclared route that answers a file.

A new POST or download view needs a case here or in declared.py (DEVELOPERS.md,
Tests); the other registries live in declared.py and are re-exported here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.kwargs import Kwargs, none, pk, survey, year_kind
from tests.security.world import World, png

ATTACKERS = ("other_admin", "editor", "viewer", "anonymous")


@dataclass(frozen=True)
class Post:
    kwargs: Kwargs = none
    data: Callable[[World], dict[str, Any]] = none
    htmx: bool = False
    # Runs inside the test before the request, e.g. to put an object in the
    # state the action needs.
    prepare: Callable[[World], None] | None = None
    # No object of Tha Talad in the URL or payload: the agency is the signed-in
    # member's, so another agency's admin acts on their own agency. What is
    # checked for them is that Tha Talad's rows stay as they were.
    own_agency: bool = False
    # Personas who must be refused; the others may legitimately do it.
    attackers: tuple[str, ...] = ATTACKERS
    # The admin's request must change Tha Talad's rows (else: only succeed).
    admin_changes: bool = True
    why: str = ""


# ------------------------------------------------------------------ helpers


def item(name: str) -> Kwargs:
    return lambda w: {"year": getattr(w, name).year, "pk": getattr(w, name).pk}


def measure_form(w: World) -> dict[str, Any]:
    m = w.measure
    return {
        "name": m.name + " (ปรับปรุง)",
        "plan_year": m.plan_year,
        "weaknesses": [x.pk for x in m.weaknesses.all()],
        "departments": [d.pk for d in m.departments.all()],
        "owner": m.owner_id or "",
        "start_date": m.start_date.isoformat() if m.start_date else "",
        "due_date": m.due_date.isoformat() if m.due_date else "",
        "progress": m.progress,
        "note": "แก้ไขโดยการทดสอบ",
    }


def new_measure_form(w: World) -> dict[str, Any]:
    return {**measure_form(w), "name": "มาตรการใหม่จากการทดสอบ"}


def csv_upload(text: str, name: str = "upload.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("new.png", png((10, 7)), content_type="image/png")


def survey_settings(w: World) -> dict[str, Any]:
    s = w.public_survey
    return {
        "title": s.title + " (แก้ไข)",
        "opens_on": s.opens_on.isoformat(),
        "closes_on": s.closes_on.isoformat(),
        "layout": s.layout,
        "min_sample": s.min_sample or "",
        "rate_limit": s.rate_limit,
        "public_results": "True" if s.public_results else "False",
        "intro": s.intro,
    }


def first_question(w: World) -> dict[str, Any]:
    q = w.draft_survey.questions.order_by("order").first()
    return {"slug": w.draft_survey.slug, "code": q.code}


def forget_a_weakness(w: World) -> None:
    """So that running the analysis again has one to find."""
    w.assessment.weaknesses.filter(status="active").last().delete()


def give_admin_device(w: World, confirmed: bool = False) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=w.users["admin"], name="แอป", confirmed=confirmed)


def give_admin_confirmed_device(w: World) -> None:
    give_admin_device(w, confirmed=True)


def admin_device(w: World) -> dict[str, Any]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return {"device_id": TOTPDevice.objects.filter(user=w.users["admin"]).latest("pk").pk}


def totp_code(w: World) -> dict[str, Any]:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=w.users["admin"]).latest("pk")
    return {"code": f"{totp(device.bin_key):06d}", "password": "prongsai-demo"}


SELF = "writes only the signed-in user's own rows; no id of anyone else's in the request"

# ------------------------------------------------------------------ POST

POST: dict[str, Post] = {
    # accounts
    "accounts:switch_agency": Post(
        kwargs=pk("agency", "agency_id"),
        admin_changes=False,
        attackers=("other_admin", "anonymous"),
        why="only the session changes; members may switch to their own agency, nobody else",
    ),
    "accounts:totp_new": Post(attackers=("anonymous",), why=SELF),
    "accounts:recovery_codes": Post(
        attackers=("anonymous",), prepare=give_admin_device, admin_changes=False, why=SELF
    ),
    "accounts:totp_confirm": Post(kwargs=admin_device, data=totp_code, prepare=give_admin_device),
    "accounts:totp_disable": Post(
        kwargs=admin_device, data=totp_code, prepare=give_admin_confirmed_device
    ),
    # agencies
    "agencies:settings_update": Post(
        own_agency=True,
        data=lambda w: {
            "name": w.agency.name,
            "province": w.agency.province,
            "district": w.agency.district,
            "website": w.agency.website,
            "weakness_threshold": 80,
            "document_digits": "thai",
            "staff_count": 42,
        },
    ),
    "agencies:signer": Post(
        own_agency=True,
        data=lambda w: {
            "executive_name": "นายทดสอบ ระบบ",
            "executive_title": "นายก",
            "signature": png_upload(),
        },
    ),
    "agencies:department_add": Post(
        own_agency=True, data=lambda w: {"name": "กองใหม่", "kind": "other"}
    ),
    "agencies:member_save": Post(
        own_agency=True,
        data=lambda w: {
            "username": "thatalad-viewer",
            "role": "editor",
            "departments": [w.agency.departments.get(kind="works").pk],
        },
    ),
    "agencies:member_remove": Post(
        kwargs=lambda w: {"membership_id": w.users["viewer"].memberships.get().pk}
    ),
    # assessments
    "assessments:import": Post(
        own_agency=True,
        data=lambda w: {
            "year": 2566,
            "kind": "official",
            "file": csv_upload("code,score\nI1,55.5\n"),
        },
    ),
    "assessments:import_text": Post(
        own_agency=True,
        data=lambda w: {
            "year": 2566,
            "kind": "official",
            "save": "1",
            "text": "ข้อ I1 คำถาม ผลการประเมินที่ได้รับ เท่ากับ 55.50 คะแนน",
        },
    ),
    "assessments:edit": Post(
        kwargs=year_kind, own_agency=True, data=lambda w: {"score_I1": "55.5"}
    ),
    # documents
    "documents:texts": Post(
        kwargs=lambda w: {"plan_year": 2567, "kind": "measures"},
        own_agency=True,
        data=lambda w: {"key": "practice", "text": "ข้อความของหน่วยงานเอง"},
    ),
    # improvement: analysis and weaknesses
    "improvement:analysis_run": Post(kwargs=year_kind, own_agency=True, prepare=forget_a_weakness),
    "improvement:weakness_add": Post(
        kwargs=year_kind, own_agency=True, htmx=True, data=lambda w: {"code": "I1"}
    ),
    "improvement:weakness_edit": Post(
        kwargs=pk("weakness"),
        data=lambda w: {"diagnosis": "วิเคราะห์ใหม่", "recommendation": "เสนอใหม่", "references": ""},
    ),
    "improvement:weakness_drop": Post(
        kwargs=pk("weakness"), htmx=True, data=lambda w: {"reason": "ไม่ใช่ข้อบกพร่อง"}
    ),
    "improvement:weakness_restore": Post(kwargs=pk("dropped_weakness"), htmx=True),
    "improvement:measure_from_suggestion": Post(
        kwargs=lambda w: {"pk": w.weakness.pk, "index": 0},
        prepare=lambda w: w.weakness.measures.all().delete(),  # so that one is created
    ),
    "improvement:recommendation": Post(
        own_agency=True,
        kwargs=lambda w: {"year": 2566, "code": w.weakness.question.code},
        data=lambda w: {
            "diagnosis": "ฉบับหน่วยงาน",
            "recommendation": "ข้อเสนอของหน่วยงาน",
            "references": "",
        },
    ),
    "improvement:recommendation_reset": Post(
        own_agency=True,
        kwargs=lambda w: {"year": 2566, "code": w.weakness.question.code},
        prepare=lambda w: __import__(
            "prongsai.improvement.services", fromlist=["x"]
        ).recommendation_save_agency_copy(
            agency=w.agency,
            year=2566,
            code=w.weakness.question.code,
            actor=w.users["admin"],
            diagnosis="ฉบับหน่วยงาน",
            recommendation="ข้อเสนอ",
            references="",
        ),
    ),
    # improvement: measures
    "improvement:measure_new": Post(own_agency=True, data=new_measure_form),
    "improvement:measure_edit": Post(kwargs=pk("measure"), data=measure_form),
    "improvement:measure_status": Post(
        kwargs=pk("measure"),
        htmx=True,
        data=lambda w: {"status": "in_progress", "reason": "", "progress": 40},
    ),
    "improvement:measure_close": Post(kwargs=pk("measure")),
    "improvement:step_add": Post(
        kwargs=pk("measure"),
        htmx=True,
        data=lambda w: {"text": "ขั้นตอนใหม่", "due": "2027-01-31"},
    ),
    # The step's own due date too: only whoever may change the measure sets it.
    "improvement:step_change": Post(
        kwargs=pk("step"),
        htmx=True,
        data=lambda w: {"action": "update", "text": w.step.text, "due": "31/1/2570"},
    ),
    "improvement:report_import": Post(
        own_agency=True,
        admin_changes=False,
        why="only reads the file and shows the review screen",
        data=lambda w: {
            "year": "2566",
            "file": SimpleUploadedFile(
                "report.txt",
                (
                    "ข้อ I1 คำถาม ผลการประเมินที่ได้รับ เท่ากับ 55.50 คะแนน\n"
                    "มาตรการ : ทดสอบ\nขั้นตอนหรือวิธีการ\n- ขั้นแรก\n"
                ).encode(),
                content_type="text/plain",
            ),
        },
    ),
    "improvement:report_import_confirm": Post(
        own_agency=True,
        data=lambda w: {
            "year": "2566",
            "m-0-keep": "1",
            "m-0-title": "มาตรการจากรายงานปีก่อน",
            "m-0-weaknesses": "",
            "m-0-steps": "ขั้นแรก",
            "m-0-results": "",
            "m-0-dates": "",
        },
    ),
    "improvement:result_add": Post(
        kwargs=pk("measure"),
        htmx=True,
        data=lambda w: {
            "text": "ผลใหม่",
            "date": "2024-01-15",
            "public": "on",
            "evidence_file": png_upload(),
            "evidence_caption": "ภาพ",
        },
    ),
    "improvement:result_edit": Post(
        kwargs=pk("result"), data=lambda w: {"text": "ผลที่แก้ไข", "date": "2024-01-16"}
    ),
    "improvement:result_delete": Post(kwargs=pk("result")),
    "improvement:evidence_add": Post(
        kwargs=pk("result"),
        htmx=True,
        data=lambda w: {
            "kind": "link",
            "link": "https://www.thatalad.go.th/ita/new",
            "caption": "ลิงก์",
        },
    ),
    "improvement:evidence_revise": Post(
        kwargs=pk("evidence"), data=lambda w: {"file": png_upload(), "note": "ฉบับใหม่"}
    ),
    # publishing
    "publishing:publish": Post(own_agency=True),
    "publishing:items_start": Post(
        kwargs=lambda w: {"year": 2567},
        own_agency=True,
        prepare=lambda w: w.agency.disclosure_items.filter(year=2567, code="o4").delete(),
    ),
    "publishing:window": Post(
        kwargs=lambda w: {"year": 2566},
        own_agency=True,
        data=lambda w: {"window_opens": "2023-01-01", "window_closes": "2023-03-31"},
    ),
    "publishing:import": Post(
        kwargs=lambda w: {"year": 2566},
        own_agency=True,
        data=lambda w: {"file": csv_upload("code,url\no1,https://www.thatalad.go.th/new/o1\n")},
    ),
    "publishing:check_start": Post(
        kwargs=lambda w: {"year": 2566},
        own_agency=True,
        attackers=("viewer", "anonymous"),
        why="editors may check the links of their agency",
    ),
    "publishing:item_edit": Post(
        kwargs=item("item"),
        htmx=True,
        data=lambda w: {
            f"{w.item.code}-notes": "บันทึกใหม่",
            f"{w.item.code}-links": "https://www.thatalad.go.th/ita/edited",
            f"{w.item.code}-department": w.item.department_id,
            f"{w.item.code}-responsible": "ผู้รับผิดชอบ",
        },
    ),
    "publishing:item_propose": Post(
        kwargs=item("item"),
        htmx=True,
        prepare=lambda w: w.item.__class__.objects.filter(pk=w.item.pk).update(status="draft"),
    ),
    "publishing:item_accept": Post(kwargs=item("proposed_item"), htmx=True),
    "publishing:item_reject": Post(
        kwargs=item("proposed_item"),
        htmx=True,
        data=lambda w: {f"reject-{w.proposed_item.code}-reason": "ยังไม่ครบ"},
    ),
    # surveys
    "surveys:new_custom": Post(
        own_agency=True,
        data=lambda w: {
            "title": "แบบสอบถามใหม่",
            "slug": "tha-talad-new-survey",
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
            "layout": "one_page",
            "kind": "public",
            "services": "บริการ",
            "questions": "ข้อหนึ่ง\nข้อสอง",
            "access": "codes",
            "min_sample": 10,
        },
    ),
    "surveys:settings": Post(kwargs=survey("public_survey"), data=survey_settings),
    "surveys:question_add": Post(
        kwargs=survey("draft_survey"),
        data=lambda w: {"text": "ข้อใหม่", "answer_type": "satisfaction"},
    ),
    "surveys:question_text": Post(kwargs=first_question, data=lambda w: {"text": "ข้อความใหม่"}),
    "surveys:codes": Post(kwargs=survey("staff_survey"), data=lambda w: {"count": 3}),
    "surveys:pre_assessment": Post(kwargs=survey("staff_survey")),
    "surveys:round_update": Post(
        kwargs=lambda w: {"year": 2567},
        own_agency=True,
        data=lambda w: {
            "iit_url": "https://itas.nacc.go.th/iit/abc",
            "staff_count": 40,
            "size": "",
        },
    ),
    "surveys:round_progress": Post(
        kwargs=lambda w: {"year": 2567},
        own_agency=True,
        data=lambda w: {"tool": "iit", "on": dt.date.today().isoformat(), "count": 7},
    ),
}

_ACCOUNTS: dict[str, Post] = {
    "accounts:invite": Post(
        own_agency=True, data=lambda w: {"email": "new-person@example.com", "role": "viewer"}
    ),
    "accounts:invitation_resend": Post(
        kwargs=lambda w: {"invitation_id": w.invitation.pk}, prepare=lambda w: _invite(w)
    ),
    "accounts:invitation_revoke": Post(
        kwargs=lambda w: {"invitation_id": w.invitation.pk}, prepare=lambda w: _invite(w)
    ),
}


def _invite(w: World) -> None:
    from prongsai.accounts.invitations import invitation_create

    w.invitation, _token = invitation_create(  # type: ignore[attr-defined]
        agency=w.agency, email="pending@example.com", role="viewer", invited_by=None
    )


POST.update(_ACCOUNTS)

# The registries that are not replayed (declared.py), read by the tests from here.
from tests.security.declared import (  # noqa: E402
    DOWNLOADS,
    POST_ELSEWHERE,
    READ_ONLY,
    STAFF_ONLY,
    SUPERVISOR_ONLY,
    Download,
    Read,
)

__all__ = [
    "ATTACKERS", "DOWNLOADS", "POST", "POST_ELSEWHERE", "READ_ONLY", "STAFF_ONLY",
    "SUPERVISOR_ONLY", "Download", "Post", "Read",
]  # fmt: skip
