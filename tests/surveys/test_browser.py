"""A phone-sized headless Chromium answers the public survey from its QR link."""

from __future__ import annotations

import os

import pytest

from prongsai.surveys.models import Response
from prongsai.surveys.posters import qr_matrix, survey_poster_data
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.selectors import public_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_answers_the_public_survey_from_the_qr_link(
    live_server, settings, public_survey, phone_page, screenshot_dir
):
    settings.SITE_URL = live_server.url
    poster = survey_poster_data(public_survey, public_url(public_survey))
    url = poster.url  # what the poster's QR encodes (and prints under it)
    assert qr_matrix(url)
    page = phone_page
    page.goto(url)
    assert page.locator("h1").inner_text() == "ความพึงพอใจ"
    page.screenshot(path=os.path.join(screenshot_dir, "surveys-phone-1-form.png"), full_page=True)

    # Sending it empty shows what is missing, in Thai, and keeps the page.
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    assert "ยังส่งไม่ได้" in page.locator(".error-summary").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "surveys-phone-2-errors.png"), full_page=True)

    page.locator('label:has(input[name="q-Q1"][value="ขออนุญาตก่อสร้าง"])').tap()
    page.locator('label:has(input[name="q-Q2"][value="5"])').tap()
    page.locator('label:has(input[name="q-Q3"][value="4"])').tap()
    page.get_by_label("ข้อเสนอแนะ").fill("ขอบคุณเจ้าหน้าที่")
    assert page.locator('input[name="q-Q2"][value="5"]').is_checked()
    page.screenshot(
        path=os.path.join(screenshot_dir, "surveys-phone-3-answered.png"), full_page=True
    )
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/thanks/")
    assert "ขอบคุณที่ตอบแบบสอบถาม" in page.content()
    page.screenshot(path=os.path.join(screenshot_dir, "surveys-phone-4-thanks.png"), full_page=True)

    stored = Response.objects.get(survey=public_survey)
    values = dict(stored.answers.values_list("question__code", "value"))
    assert values == {"Q1": "ขออนุญาตก่อสร้าง", "Q2": "5", "Q3": "4", "Q4": "ขอบคุณเจ้าหน้าที่"}


def test_the_form_can_be_answered_with_the_keyboard_alone(
    live_server, public_survey, page, screenshot_dir
):
    page.goto(f"{live_server.url}/surveys/s/{public_survey.slug}/")
    page.locator('input[name="q-Q1"]').first.focus()
    page.keyboard.press("Space")  # first service
    for _question in questionnaire(public_survey).questions[1:3]:
        page.keyboard.press("Tab")  # the next radio group
        page.keyboard.press("Space")  # its first option, "มากที่สุด"
    page.screenshot(
        path=os.path.join(screenshot_dir, "surveys-laptop-keyboard.png"), full_page=True
    )
    page.keyboard.press("Tab")  # free text
    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks/")
    assert dict(Response.objects.get().answers.values_list("question__code", "value")) == {
        "Q1": "ชำระภาษี",
        "Q2": "5",
        "Q3": "5",
    }
