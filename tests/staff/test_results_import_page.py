"""The staff page of many agencies' results in one file: Khun Somsri uploads
the province's sheet, sees each agency's outcome, confirms; the confirmation
checks the kept file again and writes all of it or nothing."""

from __future__ import annotations

import io
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.accounts.models import StaffAction
from prongsai.agencies.models import Agency
from prongsai.assessments.models import QuestionScore
from prongsai.framework.models import Question
from prongsai.staff import results_import

GOOD = "agency,code,score\ntha-talad,I7,79.27\ndemo-other,I7,60\ndemo-other,E2,๘๒.๕๐\n"


@pytest.fixture
def somsri(staff_user: User, agency: Any, other_agency: Any, client_for: Any) -> Client:
    return client_for(staff_user)


def _preview(client: Client, text: str | bytes, year: int = 2566, name: str = "r.csv") -> Any:
    data = text.encode() if isinstance(text, str) else text
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("staff:results_import"), {"year": str(year), "file": upload})


def _token(response: Any) -> str:
    token = response.context["token"]
    assert isinstance(token, str)
    return token


def _confirm(client: Client, token: str, **extra: str) -> Any:
    return client.post(reverse("staff:results_confirm"), {"token": token, **extra})


def _kept(media_root: Path) -> list[Path]:
    folder = media_root / results_import.PENDING_DIR
    return sorted(folder.iterdir()) if folder.exists() else []


def stored() -> dict[tuple[str, str], Decimal]:
    return {
        (slug, code): score
        for slug, code, score in QuestionScore.objects.values_list(
            "assessment__agency__slug", "question__code", "score"
        )
    }


def test_the_page_offers_the_years_whose_framework_is_loaded(somsri: Client) -> None:
    response = somsri.get(reverse("staff:results_import"))
    assert response.status_code == 200
    assert '<option value="2566"' in response.content.decode()
    assert reverse("staff:results_import") in somsri.get(reverse("staff:home")).content.decode()


def test_the_preview_shows_each_agency_and_writes_nothing(somsri: Client, media_root: Path) -> None:
    response = _preview(somsri, GOOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลท่าตลาด" in page and "เทศบาลตำบลตัวอย่าง" in page
    assert "ยังไม่ได้บันทึก" in page
    summaries = {s.agency.slug: s for s in response.context["result"].agencies}
    assert (summaries["demo-other"].imported, summaries["demo-other"].created) == (2, 2)
    assert not QuestionScore.objects.exists() and not StaffAction.objects.exists()
    assert len(_kept(media_root)) == 1


def test_the_preview_gives_total_and_grade_when_an_agency_is_complete(somsri: Client) -> None:
    codes = Question.objects.filter(framework__year=2566).values_list("code", flat=True)
    rows = "".join(f"tha-talad,{c},100\n" for c in codes)
    response = _preview(somsri, "agency,code,score\n" + rows + "demo-other,I7,50\n")
    complete, partial = response.context["result"].agencies
    assert complete.total == Decimal(100) and complete.grade
    assert partial.total is None and partial.reasons
    page = response.content.decode()
    assert "100.00" in page and "ยังคำนวณคะแนนรวมไม่ได้" in page


def test_confirming_writes_every_agency_and_logs_the_staff_action(
    somsri: Client, staff_user: User, media_root: Path
) -> None:
    response = _confirm(somsri, _token(_preview(somsri, GOOD, name="นครปฐม.csv")))
    assert response.status_code == 200
    assert stored() == {
        ("tha-talad", "I7"): Decimal("79.27"),
        ("demo-other", "I7"): Decimal("60.00"),
        ("demo-other", "E2"): Decimal("82.50"),
    }
    (action,) = StaffAction.objects.all()
    assert action.action == "results_import" and action.actor == staff_user
    assert "2 หน่วยงาน" in action.summary and "นครปฐม.csv" in action.summary
    assert _kept(media_root) == []  # the kept upload is gone once imported


def test_an_xlsx_file_is_read_like_a_csv(somsri: Client) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (("agency", "code", "score"), ("tha-talad", "I7", 70), ("demo-other", "E2", 55.5)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    _confirm(somsri, _token(_preview(somsri, out.getvalue(), name="r.xlsx")))
    assert stored() == {("tha-talad", "I7"): Decimal(70), ("demo-other", "E2"): Decimal("55.5")}


def test_a_bad_file_is_refused_with_row_column_and_why_and_nothing_is_kept(
    somsri: Client, media_root: Path
) -> None:
    response = _preview(somsri, GOOD + "nowhere,I7,1\ntha-talad,E2,150\n")
    assert response.status_code == 400
    page = response.content.decode()
    assert "แถว 5 คอลัมน์ agency: ไม่พบหน่วยงาน &#x27;nowhere&#x27;" in page
    assert "แถว 6 คอลัมน์ score: 150 อยู่นอกช่วง 0 ถึง 100" in page
    assert "ไม่ได้นำเข้า" in page
    assert _kept(media_root) == [] and not QuestionScore.objects.exists()


def test_a_year_without_a_framework_cannot_be_chosen(somsri: Client) -> None:
    response = _preview(somsri, GOOD, year=2590)
    assert response.status_code == 400
    assert "2590" in response.context["form"].errors["year"][0]
    assert not QuestionScore.objects.exists()


def test_the_confirmation_checks_the_file_again_from_scratch(
    somsri: Client, other_agency: Any
) -> None:
    token = _token(_preview(somsri, GOOD))
    # Between the preview and the confirmation the agency got another slug.
    Agency.objects.filter(pk=other_agency.pk).update(slug="demo-renamed")
    response = _confirm(somsri, token)
    assert response.status_code == 400
    assert "แถว 3 คอลัมน์ agency: ไม่พบหน่วยงาน" in response.content.decode()
    assert not QuestionScore.objects.exists()  # not even tha-talad's row
    assert not StaffAction.objects.exists()


def test_the_year_comes_from_the_signed_token_not_the_form(somsri: Client) -> None:
    _confirm(somsri, _token(_preview(somsri, GOOD)), year="2567")
    assert set(QuestionScore.objects.values_list("assessment__year", flat=True).distinct()) == {
        2566
    }


def test_a_forged_or_tampered_token_imports_nothing(somsri: Client) -> None:
    token = _token(_preview(somsri, GOOD))
    for bad in ("", "forged", token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        response = _confirm(somsri, bad)
        assert response.status_code == 400
        assert "กรุณาอัปโหลดไฟล์อีกครั้ง" in response.content.decode()
    assert not QuestionScore.objects.exists()


def test_another_staff_members_token_is_refused(somsri: Client, client_for: Any) -> None:
    token = _token(_preview(somsri, GOOD))
    colleague = User.objects.create_user("niran-staff", "niran@example.go.th", "x", is_staff=True)
    response = _confirm(client_for(colleague), token)
    assert response.status_code == 400 and not QuestionScore.objects.exists()


def test_an_expired_token_is_refused(somsri: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    token = _token(_preview(somsri, GOOD))
    monkeypatch.setattr(results_import, "MAX_AGE", -1)
    assert _confirm(somsri, token).status_code == 400
    assert not QuestionScore.objects.exists()


def test_confirming_twice_imports_once(somsri: Client) -> None:
    token = _token(_preview(somsri, GOOD))
    assert _confirm(somsri, token).status_code == 200
    second = _confirm(somsri, token)
    assert second.status_code == 400
    assert "ถูกนำเข้าไปแล้ว" in second.content.decode()
    assert StaffAction.objects.count() == 1


def test_uploads_never_confirmed_are_swept_after_an_hour(somsri: Client, media_root: Path) -> None:
    _preview(somsri, GOOD)
    (old,) = _kept(media_root)
    an_hour_ago = time.time() - results_import.MAX_AGE - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    _preview(somsri, GOOD)
    kept = _kept(media_root)
    assert len(kept) == 1 and old not in kept


def test_an_indicator_sheet_is_previewed_and_imported_like_a_question_sheet(
    somsri: Client,
) -> None:
    from prongsai.assessments.models import IndicatorScore

    values = [90, 90, 90, 90, 90, 80, 80, 80, 95, 85]
    rows = "".join(f"demo-other,{n},{v}\n" for n, v in enumerate(values, start=1))
    response = _preview(somsri, "agency,indicator,score\n" + rows)
    page = response.content.decode()
    assert "10 ตัวชี้วัด" in page and "87.00" in page
    _confirm(somsri, _token(response))
    assert IndicatorScore.objects.filter(assessment__agency__slug="demo-other").count() == 10


def test_an_agency_mixing_question_and_indicator_rows_is_refused_on_the_page(
    somsri: Client,
) -> None:
    response = _preview(somsri, "agency,code,indicator,score\ntha-talad,I7,,50\ntha-talad,,1,60\n")
    assert response.status_code == 400
    assert "มีคะแนนรายข้อและคะแนนรายตัวชี้วัดปนกันในไฟล์เดียว" in response.content.decode()
    assert not QuestionScore.objects.exists()
