"""December 2569: ITA 2570's framework is not out yet, so the checklist shows
2569 and says why the year of this year's measures (2570) is not there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

NOTE = "แต่ยังไม่มีกรอบการประเมิน ITA ปี 2570 ในระบบ"


@pytest.fixture
def december_2569(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 12, 15))


def test_the_checklist_says_the_current_years_framework_is_not_loaded_yet(
    december_2569, login, agency_admin
) -> None:
    page = login(agency_admin).get("/disclosure/2569/").content.decode()
    assert NOTE in page
    assert "รายการด้านล่างเป็นของปี 2569" in page


def test_no_note_once_the_year_is_loaded_or_on_the_current_year(
    december_2569, login, agency_admin
) -> None:
    from prongsai.framework.models import Framework

    client = login(agency_admin)
    # As if the NACC's 2570 manual had been loaded (the 2569 file standing in).
    Framework.objects.filter(year=2569).update(year=2570)
    assert "ยังไม่มีกรอบการประเมิน ITA ปี" not in client.get("/disclosure/2570/").content.decode()
    assert "ยังไม่มีกรอบการประเมิน ITA ปี" not in client.get("/disclosure/2568/").content.decode()
