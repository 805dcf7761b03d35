import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from prongsai.lib import env, thai


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_a_boolean_setting_that_is_not_a_boolean_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.envbool("X_FLAG", False)


def test_a_number_setting_below_its_minimum_stops_start_up(monkeypatch):
    monkeypatch.setenv("X_SIZE", "10")
    with pytest.raises(ImproperlyConfigured, match="at least 1024"):
        env.envint("X_SIZE", 2048, minimum=1024)


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    (tmp_path / "s").write_text("from-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "s"))
    assert env.envsecret("X_SECRET") == "from-file"


def test_dates_are_written_in_the_buddhist_era_with_either_digit_system():
    assert thai.thai_date(dt.date(2023, 3, 3)) == "3 มีนาคม 2566"
    assert thai.thai_date(dt.date(2023, 3, 3), digits="thai") == "๓ มีนาคม ๒๕๖๖"


def test_a_number_never_mixes_digit_systems():
    assert thai.with_digits("พ.ศ. ๒๕๖7", "thai") == "พ.ศ. ๒๕๖๗"
    assert thai.with_digits("ที่ ๑๔๙/2566", "arabic") == "ที่ 149/2566"


def test_the_fiscal_year_starts_in_october():
    assert thai.fiscal_year_be(dt.date(2023, 10, 1)) == 2567
    assert thai.fiscal_year_be(dt.date(2023, 9, 30)) == 2566
    assert thai.fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_scores_round_half_up_like_the_nacc():
    assert thai.format_score(Decimal("79.265")) == "79.27"
    assert thai.format_score(Decimal("79.264")) == "79.26"


@pytest.mark.parametrize(("raw", "value"), [("๗๙.๒๗", "79.27"), (" 1,000 ", "1000"), ("85", "85")])
def test_numbers_typed_by_people_are_read(raw, value):
    assert thai.parse_number(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["", "abc", "NaN", "inf", "1.2.3"])
def test_things_that_are_not_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        thai.parse_number(raw)


def test_behind_a_proxy_the_visitor_is_read_from_the_right_of_x_forwarded_for(rf, settings):
    from prongsai.lib.http import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"
