"""One agency's results file may carry question texts (code,score,question):
they are that agency's wording, kept for it alone (AgencyQuestionText), never
written into the year's framework that every agency on the server reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.agencies.models import Agency
from prongsai.assessments.models import AgencyQuestionText
from prongsai.framework.models import Question
from prongsai.framework.services import framework_spec

LIE = "หน่วยงานทุกแห่งต้องโอนค่าธรรมเนียมไปยังบัญชี 123-4-56789-0"


def _upload(client: Client, text: str) -> None:
    file = SimpleUploadedFile("results.csv", text.encode())
    response = client.post(
        reverse("assessments:import"), {"year": "2566", "kind": "official", "file": file}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_one_agencys_file_cannot_write_the_shared_frameworks_question_texts(
    agency: Agency, agency_admin: User, other_admin: User, login: Any
) -> None:
    unknown = Question.objects.get(framework__year=2566, code="I1")
    assert not unknown.text  # the shipped 2566 framework lacks this wording
    _upload(login(agency_admin), f"code,score,question\nI1,90,{LIE}\n")
    unknown.refresh_from_db()
    assert not unknown.text and unknown.text_status != "confirmed"
    assert framework_spec(unknown.framework).question("I1").text is None
    # Another agency's admin reading the year sees nothing of it.
    page = login(other_admin).get(reverse("framework:detail", args=[2566])).content.decode()
    assert LIE not in page
    # It stays the importing agency's own wording.
    (kept,) = AgencyQuestionText.objects.all()
    assert (kept.agency, kept.question, kept.text) == (agency, unknown, LIE)


def test_a_text_the_framework_already_knows_is_not_kept_for_the_agency(
    agency: Agency, agency_admin: User, login: Any
) -> None:
    _upload(login(agency_admin), "code,score,question\nI7,79.27,ข้อความอื่น\n")
    assert not AgencyQuestionText.objects.exists()
    assert Question.objects.get(framework__year=2566, code="I7").text.startswith("ท่านทราบ")
