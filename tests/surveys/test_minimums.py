"""The NACC's EIT minimum samples (ita-framework.md §5.6) as data with a schema."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from prongsai.surveys.minimums import eit_minimum, eit_minimums, parse_table


def test_the_shipped_table_gives_the_minimums_by_type_and_size():
    assert eit_minimum("sao", "L").minimum == 50  # type: ignore[union-attr]
    assert eit_minimum("sao", "M").minimum == 40  # type: ignore[union-attr]
    assert eit_minimum("sao", "S").minimum == 30  # type: ignore[union-attr]
    assert eit_minimum("tambon_municipality", "M").minimum == 70  # type: ignore[union-attr]
    assert eit_minimum("tambon_municipality", "S").minimum == 60  # type: ignore[union-attr]
    assert eit_minimums().year_status == "uncertain"


def test_an_unknown_group_has_no_minimum():
    assert eit_minimum("city_municipality", "L") is None
    assert eit_minimum("pao", "M") is None
    assert eit_minimum("sao", None) is None


BASE = """
schema_version: 1
year: 2568
year_status: uncertain
sources: [x]
groups:
"""


def test_a_file_with_an_unknown_agency_type_is_refused():
    with pytest.raises(ValidationError, match="ไม่รู้จักประเภทหน่วยงาน"):
        parse_table(BASE + "  - {name: a, agency_type: village, size: S, minimum: 10}\n")


def test_a_file_with_a_duplicate_group_or_a_typo_is_refused():
    with pytest.raises(ValidationError, match="ซ้ำ"):
        parse_table(
            BASE + "  - {name: a, agency_type: sao, size: S, minimum: 10}\n"
            "  - {name: b, agency_type: sao, size: S, minimum: 20}\n"
        )
    with pytest.raises(ValidationError):
        parse_table(BASE + "  - {name: a, agency_type: sao, size: S, minimun: 10}\n")
