"""The results pages: who sees what, and the web import with its errors."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prongsai.assessments.models import QuestionScore


def upload(content: bytes, name: str = "results.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_anonymous_is_sent_to_sign_in(client, agency):
    response = client.get(reverse("assessments:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_dashboard_shows_the_agencys_scores_and_rating(demo, login):
    response = login(demo["admin"]).get(reverse("assessments:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลท่าตลาด" in page
    assert "ผลการประเมิน ITA ปี 2566" in page
    assert "89.77" in page


def test_the_other_agencys_admin_sees_only_their_own_agency(demo, login):
    page = login(demo["other_admin"]).get(reverse("assessments:dashboard")).content.decode()
    assert "เทศบาลตำบลตัวอย่าง" in page
    assert "ท่าตลาด" not in page


def test_question_scores_show_sample_values_as_samples(demo, login):
    page = (
        login(demo["viewer"])
        .get(reverse("assessments:detail", args=[2566, "official"]))
        .content.decode()
    )
    assert "79.27" in page
    assert "ค่าตัวอย่าง" in page


def test_an_assessment_of_another_agency_answers_404(demo, login):
    from prongsai.assessments.models import Assessment

    Assessment.objects.filter(agency=demo["agency"]).update(year=2565)
    response = login(demo["other_admin"]).get(
        reverse("assessments:detail", args=[2565, "official"])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["department_editor", "viewer"])
def test_only_the_agency_admin_may_import_or_edit_scores(request, persona, login):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("assessments:import")).status_code == 403
    assert (
        client.post(
            reverse("assessments:import"),
            {"year": 2566, "kind": "official", "file": upload(b"code,score\nI7,1\n")},
        ).status_code
        == 403
    )


def test_the_admin_imports_a_file_from_the_web_page(agency_admin, login):
    client = login(agency_admin)
    response = client.post(
        reverse("assessments:import"),
        {
            "year": 2566,
            "kind": "official",
            "file": upload("code,score\nI7,79.27\nE2,๘๒.๕\n".encode()),
        },
    )
    assert response.status_code == 302
    assert QuestionScore.objects.count() == 2


def test_a_bad_web_import_shows_every_error_and_writes_nothing(agency_admin, login):
    response = login(agency_admin).post(
        reverse("assessments:import"),
        {
            "year": 2566,
            "kind": "official",
            "file": upload(b"code,score\nI7,79.27\nI99,1\nI8,abc\n"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "แถว 3 คอลัมน์ code: ไม่มีข้อ I99 ในกรอบการประเมินปี 2566" in page
    assert "แถว 4 คอลัมน์ score: &#x27;abc&#x27; ไม่ใช่ตัวเลข" in page
    assert QuestionScore.objects.count() == 0


def test_manual_entry_keeps_what_was_typed_when_a_value_is_wrong(demo, login):
    client = login(demo["admin"])
    url = reverse("assessments:edit", args=[2566, "official"])
    response = client.post(url, {"score_I7": "80.5", "score_I8": "สองร้อย"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="80.5"' in page and 'value="สองร้อย"' in page
    assert "&#x27;สองร้อย&#x27; ไม่ใช่ตัวเลข" in page
    assert QuestionScore.objects.get(
        assessment__agency=demo["agency"], question__code="I7"
    ).score == Decimal("79.27")


def test_manual_entry_saves_changed_scores(demo, login):
    client = login(demo["admin"])
    response = client.post(reverse("assessments:edit", args=[2566, "official"]), {"score_I7": "๘๐"})
    assert response.status_code == 302
    score = QuestionScore.objects.get(assessment__agency=demo["agency"], question__code="I7")
    assert (score.score, score.source) == (80, "manual")


def test_the_dashboard_shows_the_nacc_results_before_a_pre_assessment_of_the_same_year(demo, login):
    from prongsai.assessments.services import assessment_get_or_create

    assessment_get_or_create(agency=demo["agency"], year=2566, kind="pre")
    page = login(demo["admin"]).get(reverse("assessments:dashboard")).content.decode()
    assert "ผลการประเมินของ ป.ป.ช." in page
    assert "89.77" in page
