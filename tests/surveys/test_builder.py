"""Building questionnaires from a framework year or from the agency's own questions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prongsai.framework.models import Framework
from prongsai.framework.services import framework_spec
from prongsai.surveys.models import Survey
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.services import (
    framework_questions,
    question_add,
    question_text_set,
    survey_create_from_framework,
)
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _create(agency, year: int, tool: str, **kwargs):  # type: ignore[no-untyped-def]
    return survey_create_from_framework(
        agency=agency,
        framework=Framework.objects.get(year=year),
        tool=tool,
        title="t",
        opens_on=TODAY,
        closes_on=TODAY,
        actor=None,
        **kwargs,
    )


def test_the_builder_says_which_questions_have_no_known_text(agency):
    found = framework_questions(Framework.objects.get(year=2566), "iit")
    assert [q.code for q in found.known] == ["I7", "I8", "I9", "I14", "I27"]
    assert len(found.missing) == 25 and found.missing[0].code == "I1"


def test_a_staff_survey_holds_only_questions_with_known_text(agency):
    survey, left_out = _create(agency, 2566, "iit")
    assert survey.kind == "staff" and survey.basis == "iit" and survey.year == 2566
    assert list(survey.questions.values_list("code", flat=True)) == ["I7", "I8", "I9", "I14", "I27"]
    assert len(left_out) == 25
    assert survey.questions.get(code="I7").group.startswith("ตัวชี้วัดที่ 2")


def test_texts_the_admin_supplies_go_into_the_survey_not_the_framework(agency):
    framework = Framework.objects.get(year=2566)
    survey, left_out = _create(
        agency, 2566, "eit", supplied_texts={"E1": "หน่วยงานให้บริการตามขั้นตอน มากน้อยเพียงใด"}
    )
    assert survey.kind == "public"
    question = survey.questions.get(code="E1")
    assert question.text_from_admin and question.order < survey.questions.get(code="E2").order
    assert "E1" not in left_out
    framework.refresh_from_db()
    assert framework_spec(framework).question("E1").text is None
    assert framework.questions.get(code="E1").text == ""


def test_multi_part_and_reversed_questions_keep_their_parts(agency):
    survey, left_out = _create(agency, 2564, "iit")
    assert left_out == []
    i4 = questionnaire(survey).by_code()["I4"]
    assert [(p.answer_type, p.reversed) for p in i4.parts] == [("yes_no", True)] * 3
    assert questionnaire(survey).by_code()["I9"].reversed
    assert len(questionnaire(survey).groups) == 5


def test_a_year_without_any_known_text_needs_the_admin_to_supply_some(agency):
    # The 2568 file knows no IIT text yet.
    with pytest.raises(ValidationError) as refused:
        _create(agency, 2568, "iit")
    assert "ยังไม่มีข้อคำถามที่ทราบข้อความ" in str(refused.value)
    assert not Survey.objects.exists()
    survey, left_out = _create(agency, 2568, "iit", supplied_texts={"I3": "ข้อความจากคู่มือ"})
    assert list(survey.questions.values_list("code", flat=True)) == ["I3"] and len(left_out) == 29


def test_questions_can_be_added_and_corrected_only_before_anyone_answers(
    client, agency, public_survey
):
    question_add(survey=public_survey, text="สถานที่สะอาด", answer_type="satisfaction", actor=None)
    question_text_set(survey=public_survey, code="Q2", text="สะดวก รวดเร็ว", actor=None)
    assert questionnaire(public_survey).by_code()["Q2"].text == "สะดวก รวดเร็ว"
    assert (
        client.post(
            f"/surveys/s/{public_survey.slug}/", fill(public_survey) | {"client_id": "c" * 32}
        ).status_code
        == 303
    )
    with pytest.raises(ValidationError):
        question_add(survey=public_survey, text="อีกข้อ", answer_type="satisfaction", actor=None)
    with pytest.raises(ValidationError):
        question_text_set(survey=public_survey, code="Q2", text="เปลี่ยน", actor=None)


def test_the_admin_builds_a_survey_in_the_browser_form(login, agency_admin):
    client = login(agency_admin)
    page = client.get("/surveys/new/?framework=2566&tool=iit")
    assert page.status_code == 200 and "I1" in page.content.decode()
    response = client.post(
        "/surveys/new/?framework=2566&tool=iit",
        {
            "title": "IIT 2566",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
            "layout": "paged",
            "access": "codes",
            "text-I1": "ข้อความที่หน่วยงานทราบ",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="IIT 2566")
    assert survey.layout == "paged" and survey.questions.count() == 6


def test_the_admin_builds_a_satisfaction_survey_with_services(login, agency_admin):
    client = login(agency_admin)
    response = client.post(
        "/surveys/new/custom/",
        {
            "title": "พึงพอใจ",
            "kind": "public",
            "services": "ชำระภาษี\nเบี้ยยังชีพผู้สูงอายุ\n",
            "questions": "สะดวก\nรวดเร็ว\n",
            "comment": "on",
            "opens_on": TODAY.isoformat(),
            "closes_on": TODAY.isoformat(),
            "layout": "one_page",
            "access": "codes",
        },
    )
    assert response.status_code == 302
    qn = questionnaire(Survey.objects.get(title="พึงพอใจ"))
    assert [q.answer_type for q in qn.questions] == [
        "service",
        "satisfaction",
        "satisfaction",
        "free_text",
    ]
    assert qn.service_question.choices == ("ชำระภาษี", "เบี้ยยังชีพผู้สูงอายุ")  # type: ignore[union-attr]


def test_closing_before_opening_is_refused(login, agency_admin):
    response = login(agency_admin).post(
        "/surveys/new/custom/",
        {
            "title": "x",
            "kind": "public",
            "questions": "a",
            "opens_on": "2026-05-10",
            "closes_on": "2026-05-01",
            "layout": "one_page",
            "access": "codes",
        },
    )
    assert response.status_code == 400 and "วันปิดต้องไม่ก่อนวันเปิด" in response.content.decode()


def test_viewers_read_but_cannot_build_or_export(login, viewer, public_survey):
    client = login(viewer)
    assert client.get("/surveys/").status_code == 200
    assert client.get(f"/surveys/survey/{public_survey.slug}/").status_code == 200
    assert client.get("/surveys/new/").status_code == 403
    assert client.get(f"/surveys/survey/{public_survey.slug}/export.csv").status_code == 403


def test_another_agency_sees_nothing_of_ours(login, other_admin, public_survey):
    client = login(other_admin)
    for url in ("", "progress/", "results/", "export.csv", "poster.pdf"):
        assert client.get(f"/surveys/survey/{public_survey.slug}/{url}").status_code == 404


def test_the_year_to_build_a_survey_for_is_offered_short_enough_for_a_phone(login, agency_admin):
    page = login(agency_admin).get("/surveys/new/").content.decode()
    assert ">ITA 2569</option>" in page and ">ITA 2566</option>" in page
