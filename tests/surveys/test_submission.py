"""Submitting answers: codes, closed surveys, retries, rate limit, paged forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from prongsai.surveys.models import AccessCode, Answer, RateBucket, Response, SubmissionToken
from prongsai.surveys.services import codes_generate, survey_update
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db

CLIENT_ID = "0" * 31 + "1"


def post(client, survey, data, *, client_id=CLIENT_ID, **extra):  # type: ignore[no-untyped-def]
    return client.post(f"/surveys/s/{survey.slug}/", {**data, "client_id": client_id}, **extra)


def test_the_form_carries_a_fresh_client_id_and_works_without_javascript(client, public_survey):
    page = client.get(f"/surveys/s/{public_survey.slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="client_id"' in html and "<fieldset" in html and "<legend>" in html
    assert "ไม่เก็บชื่อ ไม่เก็บ IP เก็บเพียงวันที่ตอบ" in html
    assert 'type="radio"' in html and "<script" not in html.split("<main")[1]


def test_a_complete_public_form_is_stored_with_the_date_only(client, public_survey):
    response = post(client, public_survey, fill(public_survey) | {"q-Q4": "ดีมาก"})
    assert response.status_code == 303
    assert response["Location"] == f"/surveys/s/{public_survey.slug}/thanks/"
    stored = Response.objects.get(survey=public_survey)
    assert stored.submitted_on == timezone.localdate()
    values = dict(Answer.objects.filter(response=stored).values_list("question__code", "value"))
    assert values == {"Q1": "ชำระภาษี", "Q2": "4", "Q3": "4", "Q4": "ดีมาก"}


def test_a_retried_submission_is_stored_once(client, public_survey):
    first = post(client, public_survey, fill(public_survey))
    again = post(client, public_survey, fill(public_survey))
    assert first.status_code == again.status_code == 303
    assert Response.objects.filter(survey=public_survey).count() == 1
    # a new form (new client id) is a new response
    post(client, public_survey, fill(public_survey), client_id="2" * 32)
    assert Response.objects.filter(survey=public_survey).count() == 2


def test_a_missing_answer_is_refused_with_the_answers_kept(client, public_survey):
    data = fill(public_survey)
    del data["q-Q3"]
    response = post(client, public_survey, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "กรุณาตอบข้อนี้" in html
    assert 'value="4" checked' in html  # Q2's answer survives
    assert not Response.objects.exists()


def test_an_answer_outside_the_options_is_refused(client, public_survey):
    response = post(client, public_survey, fill(public_survey) | {"q-Q2": "7"})
    assert response.status_code == 400
    assert not Response.objects.exists() and not SubmissionToken.objects.exists()


def test_a_form_without_client_id_is_refused(client, public_survey):
    response = client.post(f"/surveys/s/{public_survey.slug}/", fill(public_survey))
    assert response.status_code == 400 and not Response.objects.exists()


def test_a_closed_survey_refuses_answers_with_a_clear_page(client, public_survey):
    yesterday = timezone.localdate() - timedelta(days=1)
    survey_update(
        survey=public_survey,
        actor=None,
        opens_on=yesterday - timedelta(days=5),
        closes_on=yesterday,
    )
    response = post(client, public_survey, fill(public_survey))
    html = response.content.decode()
    assert response.status_code == 403
    assert "ปิดรับคำตอบแล้ว" in html
    assert str(yesterday.year + 543) in html  # dates in the Buddhist Era
    assert not Response.objects.exists()
    assert client.get(f"/surveys/s/{public_survey.slug}/").status_code == 200


def test_a_survey_not_yet_open_says_when_it_opens(client, public_survey):
    start = timezone.localdate() + timedelta(days=3)
    survey_update(
        survey=public_survey, actor=None, opens_on=start, closes_on=start + timedelta(days=5)
    )
    html = client.get(f"/surveys/s/{public_survey.slug}/").content.decode()
    assert "ยังไม่เปิดรับคำตอบ" in html
    assert post(client, public_survey, fill(public_survey)).status_code == 403


def test_a_single_use_code_is_accepted_once(client, staff_survey):
    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    assert post(client, staff_survey, fill(staff_survey) | {"code": code}).status_code == 303
    again = post(client, staff_survey, fill(staff_survey) | {"code": code}, client_id="3" * 32)
    assert again.status_code == 403
    assert "ถูกใช้ไปแล้ว" in again.content.decode()
    assert Response.objects.filter(survey=staff_survey).count() == 1


def test_codes_are_read_forgivingly_but_bound_to_their_survey(client, staff_survey, agency):
    from prongsai.framework.models import Framework
    from prongsai.surveys.services import survey_create_from_framework

    today = timezone.localdate()
    other, _ = survey_create_from_framework(
        agency=agency,
        framework=Framework.objects.get(year=2564),
        tool="iit",
        title="อีกแบบ",
        opens_on=today,
        closes_on=today,
        actor=None,
    )
    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    assert post(client, other, fill(other) | {"code": code}).status_code == 403
    sloppy = " " + code.lower().replace("-", " ") + " "
    assert post(client, staff_survey, fill(staff_survey) | {"code": sloppy}).status_code == 303


def test_a_staff_survey_without_a_code_is_refused(client, staff_survey):
    codes_generate(survey=staff_survey, count=2, actor=None)
    response = post(client, staff_survey, fill(staff_survey))
    assert response.status_code == 400 and "กรุณากรอกรหัส" in response.content.decode()
    assert not Response.objects.exists() and AccessCode.objects.count() == 2


def test_a_refused_code_leaves_no_token_behind_so_the_form_can_be_sent_again(client, staff_survey):
    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    assert post(client, staff_survey, fill(staff_survey) | {"code": "AAAA-AAAA"}).status_code == 403
    assert not SubmissionToken.objects.exists()
    assert post(client, staff_survey, fill(staff_survey) | {"code": code}).status_code == 303


def test_the_shared_agency_code_can_be_used_again(client, staff_survey):
    survey_update(survey=staff_survey, actor=None, access="shared", shared_code="TALAD2566")
    for n in range(3):
        assert (
            post(
                client,
                staff_survey,
                fill(staff_survey) | {"code": "talad2566"},
                client_id=f"{n}" * 32,
            ).status_code
            == 303
        )
    assert (
        post(
            client, staff_survey, fill(staff_survey) | {"code": "WRONG1"}, client_id="9" * 32
        ).status_code
        == 400
    )
    assert Response.objects.count() == 3


def test_the_code_can_come_prefilled_from_the_slip_link(client, staff_survey):
    html = client.get(f"/surveys/s/{staff_survey.slug}/?code=K7QM-4XPA").content.decode()
    assert 'name="code" value="K7QM-4XPA"' in html


def test_the_rate_limit_counts_a_keyed_hash_never_the_address(client, public_survey):
    survey_update(survey=public_survey, actor=None, rate_limit=2)
    address = "203.0.113.77"
    codes = [
        post(
            client, public_survey, fill(public_survey), client_id=f"{n}" * 32, REMOTE_ADDR=address
        ).status_code
        for n in range(3)
    ]
    assert codes == [303, 303, 429]
    assert Response.objects.count() == 2
    bucket = RateBucket.objects.get()
    assert bucket.count == 3 and address not in bucket.key_hash and len(bucket.key_hash) == 64
    # another address is not limited
    assert (
        post(
            client,
            public_survey,
            fill(public_survey),
            client_id="7" * 32,
            REMOTE_ADDR="198.51.100.1",
        ).status_code
        == 303
    )


def test_the_paged_form_keeps_answers_in_the_form_and_stores_nothing_until_the_end(
    client, staff_survey
):
    survey_update(survey=staff_survey, actor=None, layout="paged")
    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    everything = fill(staff_survey)
    groups = client.get(f"/surveys/s/{staff_survey.slug}/").context["steps"]
    assert groups == 5  # one screen per IIT indicator
    page_fields: dict[str, str] = {"code": code}
    for step in range(1, groups + 1):
        response = client.post(
            f"/surveys/s/{staff_survey.slug}/",
            {
                **page_fields,
                **everything,
                "client_id": CLIENT_ID,
                "step": step,
                "action": "next" if step < groups else "submit",
            },
        )
        assert not Response.objects.exists() or step == groups
    assert response.status_code == 303
    assert Response.objects.count() == 1
    assert Answer.objects.count() == sum(1 for _ in everything)


def test_the_paged_form_checks_the_code_on_the_first_screen(client, staff_survey):
    survey_update(survey=staff_survey, actor=None, layout="paged")
    response = client.post(
        f"/surveys/s/{staff_survey.slug}/",
        {
            **fill(staff_survey),
            "code": "NOPE-NOPE",
            "client_id": CLIENT_ID,
            "step": 1,
            "action": "next",
        },
    )
    assert response.status_code == 400
    assert response.context["step"] == 1 and "ถูกใช้ไปแล้ว" in response.content.decode()


def test_the_paged_form_goes_back_with_answers_kept(client, staff_survey):
    survey_update(survey=staff_survey, actor=None, layout="paged")
    response = client.post(
        f"/surveys/s/{staff_survey.slug}/",
        {
            "q-I2": "4",
            "q-I7": "3",
            "code": "X",
            "client_id": CLIENT_ID,
            "step": 3,
            "action": "back",
        },
    )
    assert response.context["step"] == 2  # indicator 2: I7–I12
    assert ("q-I2", "4") in response.context["hidden"]  # indicator 1's answer travels along
    assert 'name="q-I7" value="3" checked' in response.content.decode()


def test_a_staff_survey_counts_only_refused_codes_against_the_limit(client, staff_survey):
    # A whole office may answer from one address: good codes are never limited.
    survey_update(survey=staff_survey, actor=None, rate_limit=2)
    codes = codes_generate(survey=staff_survey, count=4, actor=None)
    for n in range(3):
        assert (
            post(
                client, staff_survey, fill(staff_survey) | {"code": codes[n]}, client_id=f"{n}" * 32
            ).status_code
            == 303
        )
    # Guessing: two refused codes, then even a good one waits until tomorrow.
    for n in range(2):
        assert (
            post(
                client,
                staff_survey,
                fill(staff_survey) | {"code": "ZZZZ-ZZZZ"},
                client_id=f"{n + 5}" * 32,
            ).status_code
            == 403
        )
    assert (
        post(
            client, staff_survey, fill(staff_survey) | {"code": codes[3]}, client_id="8" * 32
        ).status_code
        == 429
    )


def test_a_shared_code_survey_lets_a_whole_office_answer_from_one_address(client, staff_survey):
    survey_update(
        survey=staff_survey, actor=None, access="shared", shared_code="TALAD2566", rate_limit=2
    )
    for n in range(4):
        data = fill(staff_survey) | {"code": "TALAD2566"}
        assert post(client, staff_survey, data, client_id=f"{n}" * 32).status_code == 303
    for n in range(2):  # wrong shared codes count
        data = fill(staff_survey) | {"code": "GUESS1"}
        assert post(client, staff_survey, data, client_id=f"{n + 5}" * 32).status_code == 400
    data = fill(staff_survey) | {"code": "TALAD2566"}
    assert post(client, staff_survey, data, client_id="9" * 32).status_code == 429


def test_every_visitor_gets_their_own_client_id_and_csrf_token_from_the_cached_page(public_survey):
    from django.test import Client

    from prongsai.surveys import pagecache

    ids, pages = set(), []
    for _visitor in range(3):
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(f"/surveys/s/{public_survey.slug}/").content.decode()
        assert pagecache.CSRF_SENTINEL not in html and pagecache.CLIENT_SENTINEL not in html
        client_id = html.split('name="client_id" value="')[1][:32]
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        ids.add(client_id)
        pages.append(html.replace(client_id, "").replace(token, ""))
        data = fill(public_survey) | {"client_id": client_id, "csrfmiddlewaretoken": token}
        assert visitor.post(f"/surveys/s/{public_survey.slug}/", data).status_code == 303
    assert len(ids) == 3 and Response.objects.count() == 3
    assert pages[0] == pages[1] == pages[2]  # the same page, rendered once


def test_a_signed_in_member_never_gets_the_anonymous_cached_page(
    login, agency_admin, client, public_survey
):
    client.get(f"/surveys/s/{public_survey.slug}/")  # fills the cache
    html = login(agency_admin).get(f"/surveys/s/{public_survey.slug}/").content.decode()
    assert "ออกจากระบบ" in html  # the member's own navigation, not the anonymous page
