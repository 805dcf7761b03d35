"""The agency's own name, set on its settings page, stays on one line: it
heads documents and e-mail subjects."""

from __future__ import annotations

from typing import Any

import pytest

from prongsai.agencies.models import Agency


@pytest.mark.parametrize(
    "bad", ["อบต.ท่าตลาด\nBcc: x@example.com", "อบต.\rท่าตลาด", "อบต.\u2028ท่าตลาด"]
)
def test_a_name_with_a_line_break_is_refused_in_thai_and_not_saved(
    bad: str, agency: Agency, agency_admin: Any, login: Any
) -> None:
    before = agency.name
    response = login(agency_admin).post(
        "/agency/settings/update/",
        {
            "name": bad,
            "website": agency.website,
            "weakness_threshold": agency.weakness_threshold,
            "document_digits": agency.document_digits,
            "staff_count": agency.staff_count or "",
        },
    )
    assert "ชื่อส่วนราชการต้องอยู่ในบรรทัดเดียว" in response.content.decode()
    agency.refresh_from_db()
    assert agency.name == before
