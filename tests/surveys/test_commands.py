"""`prongsai survey-links` and `prongsai survey-codes`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from prongsai.surveys.models import AccessCode
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_survey_links_lists_slug_kind_url_state_and_responses(
    client, settings, staff_survey, public_survey
):
    settings.SITE_URL = "https://ita.example.go.th"
    assert (
        client.post("/surveys/s/public/", fill(public_survey) | {"client_id": "e" * 32}).status_code
        == 303
    )
    rows = json.loads(run("survey_links", "--agency", "tha-talad", "--json"))
    assert {r["slug"]: r for r in rows} == {
        "public": {
            "slug": "public",
            "kind": "public",
            "url": "https://ita.example.go.th/surveys/s/public/",
            "open": True,
            "responses": 1,
        },
        "staff": {
            "slug": "staff",
            "kind": "staff",
            "url": "https://ita.example.go.th/surveys/s/staff/",
            "open": True,
            "responses": 0,
        },
    }
    text = run("survey_links", "--agency", "tha-talad")
    assert "public\tpublic\thttps://ita.example.go.th/surveys/s/public/\topen\t1" in text


def test_survey_codes_prints_n_working_codes_one_per_line(client, staff_survey):
    lines = run(
        "survey_codes", "--agency", "tha-talad", "--survey", "staff", "--count", "5"
    ).split()
    assert len(lines) == 5 == len(set(lines)) == AccessCode.objects.count()
    data = fill(staff_survey) | {"code": lines[2], "client_id": "f" * 32}
    assert client.post("/surveys/s/staff/", data).status_code == 303


def test_survey_codes_refuses_a_public_survey_or_a_bad_count(public_survey, staff_survey):
    with pytest.raises(CommandError):
        run("survey_codes", "--agency", "tha-talad", "--survey", "public", "--count", "3")
    with pytest.raises(CommandError):
        run("survey_codes", "--agency", "tha-talad", "--survey", "staff", "--count", "0")
    with pytest.raises(CommandError):
        run("survey_codes", "--agency", "nowhere", "--survey", "staff", "--count", "1")
