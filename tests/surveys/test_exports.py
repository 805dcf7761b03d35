"""Anonymous exports (CSV/XLSX) and public aggregates."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from prongsai.surveys.services import survey_update
from tests.surveys.conftest import fill

pytestmark = pytest.mark.django_db


def _answer(client, survey, n: int, **kwargs) -> None:  # type: ignore[no-untyped-def]
    data = fill(survey, **kwargs) | {"client_id": f"{n:032x}", "q-Q4": f"ความเห็น {n}"}
    assert client.post(f"/surveys/s/{survey.slug}/", data).status_code == 303


def test_the_csv_has_one_row_per_response_with_the_date_only(
    client, login, agency_admin, public_survey
):
    for n in range(3):
        _answer(client, public_survey, n, satisfaction=str(3 + n % 3))
    response = login(agency_admin).get(f"/surveys/survey/{public_survey.slug}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["submitted_on", "Q1", "Q2", "Q3", "Q4"]
    assert len(rows) == 4
    for row in rows[1:]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0])  # a date, no time
        assert not any(re.fullmatch(r"[0-9a-f-]{32,36}", cell) for cell in row)  # no ids
    assert sorted(r[2] for r in rows[1:]) == ["3", "4", "5"]


def test_the_xlsx_has_the_answers_and_a_legend(client, login, agency_admin, staff_survey):
    from prongsai.surveys.services import codes_generate

    [code] = codes_generate(survey=staff_survey, count=1, actor=None)
    data = fill(staff_survey) | {"code": code, "client_id": "d" * 32}
    assert client.post(f"/surveys/s/{staff_survey.slug}/", data).status_code == 303
    response = login(agency_admin).get(f"/surveys/survey/{staff_survey.slug}/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    answers = list(book["คำตอบ"].iter_rows(values_only=True))
    assert answers[0][:4] == ("submitted_on", "I1.1", "I1.2", "I2")
    assert len(answers) == 2
    legend = {row[0]: row[2] for row in book["ข้อคำถาม"].iter_rows(values_only=True)}
    assert legend["I2"].startswith("4 = มากที่สุด")
    assert legend["I4.1"] == "yes = มี, no = ไม่มี"


def test_public_aggregates_show_counts_and_means_never_free_text(client, public_survey):
    survey_update(survey=public_survey, actor=None, public_results=True)
    url = f"/surveys/s/{public_survey.slug}/aggregates.json"
    _answer(client, public_survey, 0)
    few = client.get(url).json()
    assert few["responses"] == 1 and few["questions"] == []  # too few to show
    for n in range(1, 6):
        _answer(client, public_survey, n, satisfaction="5" if n % 2 else "3")
    data = client.get(url).json()
    assert data["responses"] == 6
    by_code = {q["code"]: q for q in data["questions"]}
    assert set(by_code) == {"Q1", "Q2", "Q3"}  # Q4 (free text) is never public
    assert by_code["Q2"]["counts"] == [0, 0, 2, 1, 3]
    assert by_code["Q2"]["mean"] == pytest.approx(25 / 6, abs=0.005)
    assert "ความเห็น" not in client.get(url).content.decode()


def test_aggregates_are_private_unless_published(client, public_survey):
    assert client.get(f"/surveys/s/{public_survey.slug}/aggregates.json").status_code == 404
