"""Raw answers are deleted a set time after a survey closes (PDPA); the results stay."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from prongsai.surveys.models import Answer, Response, Survey
from prongsai.surveys.report import report_data
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db


def _answer(client: Client, survey: Survey, rows: list[tuple[str, str]]) -> None:
    for n, (service, value) in enumerate(rows):
        data = fill(survey, satisfaction=value, service=service) | {
            "client_id": f"{survey.pk:08x}{n:024x}",
            "q-Q4": "ที่จอดรถน้อย",
        }
        assert client.post(f"/surveys/s/{survey.slug}/", data).status_code == 303


def _close(survey: Survey, days_ago: int) -> None:
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - timedelta(days=days_ago + 30),
        closes_on=today - timedelta(days=days_ago),
        updated_at=timezone.now(),
    )


@pytest.fixture
def two_closed(client, public_survey, staff_survey, settings):  # type: ignore[no-untyped-def]
    """The public survey closed 400 days ago, the staff one 10 days ago."""
    settings.SURVEY_RAW_RETENTION_DAYS = 365
    rows = [("ชำระภาษี", "5"), ("ชำระภาษี", "4"), ("ขออนุญาตก่อสร้าง", "2")]
    rows += [("ชำระภาษี", "3"), ("ขออนุญาตก่อสร้าง", "5")]
    _answer(client, public_survey, rows)
    _close(public_survey, 400)
    Answer.objects.create(
        response=Response.objects.create(survey=staff_survey, submitted_on=timezone.localdate()),
        question=staff_survey.questions.first(),
        value="3",
    )
    _close(staff_survey, 10)
    return public_survey, staff_survey


def _numbers(html: str) -> list[str]:
    main = html[html.index("<main") :]
    return re.findall(r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)?", re.sub(r"<[^>]+>", " ", main))


def test_purge_deletes_raw_answers_of_an_old_closed_survey_and_keeps_a_recent_one(two_closed):
    old, recent = two_closed
    out = io.StringIO()
    call_command("purge_survey_answers", stdout=out)
    assert not Answer.objects.filter(response__survey=old).exists()
    assert Answer.objects.filter(response__survey=recent).count() == 1
    old.refresh_from_db()
    assert old.answers_purged_on == timezone.localdate() and old.frozen_results is not None
    assert old.slug in out.getvalue() and recent.slug not in out.getvalue()
    # The responses (a date each) stay: they are the counts.
    assert Response.objects.filter(survey=old).count() == 5


def test_dry_run_lists_what_would_go_and_deletes_nothing(two_closed):
    old, _recent = two_closed
    before = Answer.objects.count()
    out = io.StringIO()
    call_command("purge_survey_answers", "--dry-run", stdout=out)
    assert Answer.objects.count() == before and f"/{old.slug}" in out.getvalue()
    assert Survey.objects.get(pk=old.pk).frozen_results is None


def test_results_page_report_and_public_summary_show_the_same_numbers_after_purge(
    two_closed, login, agency_admin
):
    old, _recent = two_closed
    Survey.objects.filter(pk=old.pk).update(public_results=True, updated_at=timezone.now())
    admin = login(agency_admin)
    page = f"/surveys/survey/{old.slug}/results/"
    before_html = admin.get(page).content.decode()
    before_public = Client().get(f"/surveys/s/{old.slug}/aggregates.json").json()
    before_report = report_data(Survey.objects.get(pk=old.pk))
    call_command("purge_survey_answers", stdout=io.StringIO())
    assert not Answer.objects.filter(response__survey=old).exists()
    after_html = admin.get(page).content.decode()
    assert _numbers(after_html) == _numbers(before_html)
    assert "ชำระภาษี" in after_html and len(_numbers(after_html)) > 5
    assert Client().get(f"/surveys/s/{old.slug}/aggregates.json").json() == before_public
    after_report = report_data(Survey.objects.get(pk=old.pk))
    assert before_report.rows and after_report.rows == before_report.rows
    assert after_report.service_rows == before_report.service_rows
    assert after_report.summary == before_report.summary
    assert after_report.comments == ()  # free text was raw: it is gone


def test_purging_twice_changes_nothing_the_second_time(two_closed):
    old, _recent = two_closed
    call_command("purge_survey_answers", stdout=io.StringIO())
    frozen = Survey.objects.get(pk=old.pk).frozen_results
    out = io.StringIO()
    call_command("purge_survey_answers", stdout=out)
    assert Survey.objects.get(pk=old.pk).frozen_results == frozen
    assert "ไม่มีแบบสอบถาม" in out.getvalue()


def test_the_privacy_notice_states_the_retention_in_days(client, public_survey, settings):
    settings.SURVEY_RAW_RETENTION_DAYS = 180
    body = client.get(f"/surveys/s/{public_survey.slug}/").content.decode()
    assert "คำตอบรายบุคคลเก็บไว้ 180 วันหลังปิดรับคำตอบ" in body


def test_a_framework_surveys_question_scores_survive_the_purge(staff_survey):
    from prongsai.surveys.retention import survey_answers_purge
    from prongsai.surveys.selectors import survey_question_results, survey_score_report

    questions = [q for q in staff_survey.questions.all() if not q.parts][:4]
    for value in ("1", "2", "4"):
        response = Response.objects.create(survey=staff_survey, submitted_on=timezone.localdate())
        for q in questions:
            Answer.objects.create(response=response, question=q, value=value)
    before = survey_question_results(staff_survey)
    assert any(r.answered == 3 for r in before.values())
    report_before = survey_score_report(staff_survey)
    done = survey_answers_purge(survey=staff_survey)
    assert done.answers == 12 and not Answer.objects.filter(response__survey=staff_survey).exists()
    survey = Survey.objects.get(pk=staff_survey.pk)
    assert survey_question_results(survey) == before
    assert survey_score_report(survey) == report_before
