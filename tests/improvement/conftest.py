"""Fixtures of the improvement cycle on top of the personas of tests/conftest.py:
the seed's ITA 2566 scores for `agency` (อบต.ท่าตลาด), its analysis, one measure
of กองคลัง and one of สำนักปลัด, a result with a screenshot as evidence."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Uploaded evidence goes to a folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes(size: tuple[int, int] = (4, 3), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture
def assessment(agency: Any) -> Any:
    """The seed's ten low scores (every other question passes) for ITA 2566."""
    from prongsai.assessments.models import Assessment
    from prongsai.demo import SEED_SCORES, _assessment

    _assessment(agency, SEED_SCORES)
    return Assessment.objects.get(agency=agency, year=2566, kind="official")


@pytest.fixture
def analysed(assessment: Any, agency_admin: Any) -> Any:
    from prongsai.improvement.services import weaknesses_analyze

    weaknesses_analyze(assessment=assessment, actor=agency_admin)
    return assessment


def weakness(assessment: Any, code: str) -> Any:
    return assessment.weaknesses.select_related("question", "assessment__agency").get(
        question__code=code
    )


@pytest.fixture
def finance_measure(analysed: Any, agency: Any, agency_admin: Any) -> Any:
    """A measure of กองคลัง only: the department editor may change it."""
    from prongsai.improvement.services import measure_create

    return measure_create(
        agency=agency,
        actor=agency_admin,
        name="เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี",
        plan_year=2567,
        weaknesses=[weakness(analysed, "I7")],
        departments=list(agency.departments.filter(kind="finance")),
        start_date=dt.date(2023, 10, 1),
        due_date=dt.date(2024, 9, 30),
        steps=["เพิ่มช่องทางการเผยแพร่ข้อมูล", "เผยแพร่ผ่านเว็บไซต์"],
    )


@pytest.fixture
def office_measure(analysed: Any, agency: Any, agency_admin: Any) -> Any:
    """A measure of สำนักปลัด only: the กองคลัง editor may not change it."""
    from prongsai.improvement.services import measure_create

    return measure_create(
        agency=agency,
        actor=agency_admin,
        name="มาตรการการบริหารทรัพยากรบุคคลขององค์การบริหารส่วนตำบลท่าตลาด",
        plan_year=2567,
        weaknesses=[weakness(analysed, "I14")],
        departments=list(agency.departments.filter(kind="office")),
        steps=["ผู้บังคับบัญชากำหนดนโยบาย", "เผยแพร่แนวทางปฏิบัติ"],
    )


def add_result(measure: Any, actor: Any, *, screenshot: bool = True) -> Any:
    from prongsai.improvement.services import evidence_add_screenshot, result_add

    result = result_add(measure=measure, actor=actor, text="ดำเนินการแล้ว", date=dt.date(2024, 1, 15))
    if screenshot:
        evidence_add_screenshot(
            result=result,
            actor=actor,
            upload=io.BytesIO(png_bytes()),
            name="shot.png",
            caption="ภาพหน้าจอ",
        )
    return result


@pytest.fixture
def finance_result(finance_measure: Any, agency_admin: Any) -> Any:
    return add_result(finance_measure, agency_admin)


@pytest.fixture
def office_result(office_measure: Any, agency_admin: Any) -> Any:
    return add_result(office_measure, agency_admin)
