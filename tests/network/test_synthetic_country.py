"""`prongsai generate-national`: the synthetic country a deployment benchmarks
with looks like Thailand (77 provinces, the real mix of agency types, real
districts on the map) and hides a known effect of measures for "what worked"
to find."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from prongsai.agencies.models import Agency
from prongsai.network.map import Area, district_map, province_map
from prongsai.network.selectors import question_changes
from prongsai.network.whatworked import what_worked

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(frameworks: None) -> list[Agency]:
    call_command("generate_national", agencies=120, years="2566,2567", seed=7)
    return list(Agency.objects.filter(slug__startswith="syn-"))


def test_every_province_has_agencies_and_most_are_subdistrict_administrations(country):
    assert len(country) == 120
    assert len({a.province for a in country}) == 77
    types = Counter(a.type for a in country)
    assert types.most_common(1)[0][0] == "sao"  # about two thirds of local governments


def test_every_synthetic_agency_sits_in_a_real_district_of_its_province(country):
    # A province supervisor trying the network page on the synthetic country
    # sees a filled-in district map, not a list of places the map cannot find.
    by_province: dict[str, dict[str, Area]] = {}
    for a in country:
        by_province.setdefault(a.province, {})[a.district] = Area(90, 1)
    for province, districts in by_province.items():
        drawn = district_map(districts, "mean", [province])
        assert drawn.missing is None, province
    assert province_map({p: Area(90, 1) for p in by_province}, "mean").missing is None


def test_what_worked_finds_the_effect_the_country_was_built_with(country):
    changes = question_changes(Agency.objects.filter(slug__startswith="syn-"), 2566)
    verdict = what_worked(changes)
    assert verdict.enough
    assert verdict.effect.mean_change is not None and verdict.effect.mean_change > 3
    low, _high = verdict.effect.ci or (0, 0)
    assert low > 0


def test_a_second_country_in_the_same_database_is_refused(country):
    with pytest.raises(CommandError, match="มีหน่วยงานสมมติ"):
        call_command("generate_national", agencies=10)


def test_a_production_server_refuses_to_make_a_synthetic_country(frameworks, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PRODUCTION"):
        call_command("generate_national", agencies=10)
    assert not Agency.objects.filter(slug__startswith="syn-").exists()
