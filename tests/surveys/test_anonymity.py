"""Anonymity is a property of the schema: nothing can hold an IP, a user, a time
of day, or link a response to the code that paid for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from prongsai.surveys.models import AccessCode, Answer, RateBucket, Response, SubmissionToken
from prongsai.surveys.services import codes_generate
from prongsai.surveys.submit import code_hash, normalize_code
from tests.surveys.conftest import fill

ANSWER_SIDE = (Response, Answer)
CODE_SIDE = (AccessCode, SubmissionToken, RateBucket)


def _is_time(field: models.Field) -> bool:  # type: ignore[type-arg]
    return isinstance(field, models.DateTimeField | models.TimeField | models.DurationField)


@pytest.mark.parametrize("model", ANSWER_SIDE)
def test_responses_and_answers_have_no_field_for_an_ip_a_user_a_time_or_a_code(model):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.get_fields():
        assert not isinstance(field, models.GenericIPAddressField), field
        assert not _is_time(field), f"{model.__name__}.{field.name} holds a time of day"
        if field.is_relation:
            assert field.related_model not in (
                user_model,
                AccessCode,
                SubmissionToken,
                RateBucket,
            ), field
        assert not any(
            word in field.name
            for word in ("ip", "user", "code", "token", "agent", "created", "time")
        )


def test_a_response_is_the_survey_and_the_date_only():
    names = {f.name for f in Response._meta.concrete_fields}
    assert names == {"id", "survey", "submitted_on"}
    assert type(Response._meta.get_field("submitted_on")) is models.DateField


@pytest.mark.parametrize("model", ANSWER_SIDE)
def test_keys_are_random_uuids_not_sequence_numbers(model):
    pk = model._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default.__name__ == "uuid4"
    assert not any(isinstance(f, models.AutoField) for f in model._meta.concrete_fields)


@pytest.mark.parametrize("model", CODE_SIDE)
def test_the_code_side_tables_point_at_no_response_and_hold_no_time(model):
    for field in model._meta.get_fields():
        assert not _is_time(field), field
        if field.is_relation:
            assert field.related_model not in (Response, Answer), field


@pytest.mark.django_db
def test_stored_responses_hold_no_ip_no_user_and_no_time_of_day(
    client, public_survey, agency_admin
):
    client.force_login(agency_admin)  # even a signed-in admin answers anonymously
    address = "203.0.113.99"
    response = client.post(
        f"/surveys/s/{public_survey.slug}/",
        fill(public_survey) | {"client_id": "a" * 32},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) TestPhone",
    )
    assert response.status_code == 303
    stored = Response.objects.get()
    assert isinstance(stored.submitted_on, dt.date) and not isinstance(
        stored.submitted_on, dt.datetime
    )
    needles = [address, "TestPhone", agency_admin.username]
    for model in (Response, Answer, SubmissionToken, RateBucket):
        for row in model.objects.values():
            for value in row.values():
                assert not isinstance(value, dt.datetime), (model, row)
                for needle in needles:
                    assert needle not in str(value), (model, row)


@pytest.mark.django_db
def test_a_staff_answer_cannot_be_traced_to_its_code_through_any_table(client, staff_survey):
    codes = codes_generate(survey=staff_survey, count=3, actor=None)
    used = codes[1]
    hashed = code_hash(staff_survey, used)
    assert (
        client.post(
            f"/surveys/s/{staff_survey.slug}/",
            fill(staff_survey) | {"code": used, "client_id": "b" * 32},
        ).status_code
        == 303
    )
    # The spent code is gone: no row anywhere holds it, in clear or hashed, so
    # nothing can be joined to the response.
    assert not AccessCode.objects.filter(code_hash=hashed).exists()
    assert AccessCode.objects.count() == 2
    needles = {used, normalize_code(used), hashed}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.execute(
                f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM {table}"
            )
            for row in cursor.fetchall():
                for value in row:
                    text = str(value)
                    assert not any(n in text for n in needles), (table, row)
    # The response itself: the survey, a date and nothing else.
    assert list(Response.objects.values_list("survey_id", "submitted_on")) == [
        (staff_survey.pk, Response.objects.get().submitted_on)
    ]
