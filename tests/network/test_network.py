"""Supervisors read the agencies of their scope, with the same numbers on the page,
in the export and from `prongsai network --json`; nothing outside it."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.models import Framework
from prongsai.improvement.models import Measure
from prongsai.network.scope import parse_scope
from prongsai.network.services import supervision_create

YEAR = 2566


def _agency(slug: str, province: str, district: str, type: str = "sao") -> Agency:
    return Agency.objects.create(
        slug=slug, name=f"อบต.{slug}", type=type, province=province, district=district
    )


def _results(agency: Agency, year: int, score: float, low: dict[str, float] | None = None) -> None:
    framework = Framework.objects.get(year=year)
    assessment = Assessment.objects.create(agency=agency, year=year, framework=framework)
    low = low or {}
    QuestionScore.objects.bulk_create(
        QuestionScore(
            assessment=assessment,
            question=q,
            score=Decimal(str(low.get(q.code, 100 if q.tool == "oit" else score))),
        )
        for q in framework.questions.all()
    )


def _supervisor(username: str, scope: str, types: tuple[str, ...] = ()) -> User:
    user = User.objects.create_user(username=username, password="x-long-password-1")
    supervision_create(user=user, scope=parse_scope(scope, types))
    return user


@pytest.fixture
def network(frameworks: None) -> dict[str, Agency]:
    agencies = {
        "a": _agency("a", "นครปฐม", "สามพราน"),
        "b": _agency("b", "นครปฐม", "สามพราน", "tambon_municipality"),
        "c": _agency("c", "นครปฐม", "เมืองนครปฐม"),
        "far": _agency("far", "เชียงใหม่", "แม่ริม"),
    }
    _results(agencies["a"], YEAR, 90)
    _results(agencies["a"], YEAR - 1, 80)
    _results(agencies["b"], YEAR, 70, low={"I7": 10})
    _results(agencies["far"], YEAR, 95)
    Measure.objects.create(agency=agencies["a"], plan_year=YEAR + 1, name="เผยแพร่งบประมาณ")
    return agencies


@pytest.fixture
def province_supervisor(network: dict[str, Agency]) -> User:
    return _supervisor("nakhon-pathom", "province:นครปฐม")


def test_a_province_supervisor_sees_exactly_the_agencies_of_the_province(
    province_supervisor: User, login
) -> None:
    page = login(province_supervisor).get(reverse("network:index")).content.decode()
    assert "อบต.a" in page and "อบต.b" in page and "อบต.c" in page
    assert "อบต.far" not in page


def test_totals_change_and_measures_are_the_same_on_the_page_and_in_the_command(
    province_supervisor: User, login
) -> None:
    out = io.StringIO()
    call_command("network", scope="province:นครปฐม", year=YEAR, json=True, stdout=out)
    data = json.loads(out.getvalue())
    rows = {r["slug"]: r for r in data["agencies"]}
    assert set(rows) == {"a", "b", "c"}
    assert rows["a"]["total"] == 94.0  # 0.3·90 + 0.3·90 + 0.4·100
    assert rows["a"]["change"] == 6.0  # from 88.00 the year before
    assert rows["a"]["measures"] == {"planned": 1, "done": 0, "overdue": 0}
    assert rows["c"]["total"] is None
    assert data["summary"]["agencies"] == 3 and data["summary"]["with_results"] == 2
    assert data["summary"]["passing"] == 1
    page = login(province_supervisor).get(reverse("network:index")).content.decode()
    assert "94.00" in page and "+6.00" in page


def test_the_weakest_indicators_are_named_lowest_first(province_supervisor: User) -> None:
    out = io.StringIO()
    call_command("network", scope="district:นครปฐม/สามพราน", year=YEAR, json=True, stdout=out)
    rows = {r["slug"]: r for r in json.loads(out.getvalue())["agencies"]}
    assert rows["b"]["weak_indicators"][0] == 2  # I7 at 10 pulls indicator 2 down most
    assert rows["a"]["weak_indicators"] == []


def test_filters_and_the_export_show_exactly_the_rows_on_the_page(
    province_supervisor: User, login
) -> None:
    client = login(province_supervisor)
    response = client.get(reverse("network:export", args=["csv"]), {"no_measures": "1"})
    body = response.content.decode("utf-8-sig")
    slugs = [row[0] for row in csv.reader(io.StringIO(body))][1:]
    assert sorted(slugs) == ["b", "c"]  # "a" has a measure
    xlsx = client.get(reverse("network:export", args=["xlsx"]), {"q": "อบต.a"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_supervisor_limited_to_a_type_sees_only_that_type(network, login) -> None:
    user = _supervisor("sao-only", "province:นครปฐม", ("อบต.",))
    page = login(user).get(reverse("network:index")).content.decode()
    assert "อบต.a" in page and "อบต.b" not in page


def test_an_agency_outside_the_scope_answers_404_and_inside_shows_its_years(
    province_supervisor: User, login
) -> None:
    client = login(province_supervisor)
    assert client.get(reverse("network:agency", args=["far"])).status_code == 404
    page = client.get(reverse("network:agency", args=["a"])).content.decode()
    assert "2566" in page and "2565" in page and "เผยแพร่งบประมาณ" in page


def test_agency_members_and_anonymous_visitors_cannot_open_the_network(
    network, agency_admin, login, client
) -> None:
    assert client.get(reverse("network:index")).status_code == 302
    assert login(agency_admin).get(reverse("network:index")).status_code == 403
    assert client.get(reverse("network:agency", args=["a"])).status_code in (302, 403)


def test_a_page_over_many_agencies_asks_the_database_no_more_than_over_few(
    frameworks: None, login
) -> None:
    user = _supervisor("national", "national")
    client = login(user)

    def queries_for(n: int) -> int:
        start = Agency.objects.count()
        for i in range(start, start + n):
            agency = _agency(f"x{i}", f"จังหวัด{i % 7}", "อำเภอ")
            _results(agency, YEAR, 80 + i % 10)
        client.get(reverse("network:index"))  # summaries are computed once, then kept
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("network:index")).status_code == 200
        return len(ctx.captured_queries)

    few = queries_for(10)
    many = queries_for(90)
    assert many <= few + 2, (few, many)


def test_a_scope_that_cannot_be_read_is_refused_with_what_is_accepted(network) -> None:
    User.objects.create_user(username="someone")
    with pytest.raises(Exception) as info:
        call_command("create_supervisor", username="someone", scope="จังหวัด:นครปฐม")
    assert "province:<จังหวัด>" in str(info.value)


def test_a_supervisor_who_signs_in_lands_on_the_network_not_an_error(
    province_supervisor: User, login
) -> None:
    response = login(province_supervisor).get(reverse("assessments:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:index")


def test_a_national_supervisor_sees_every_agency_of_the_country(network, login) -> None:
    client = login(_supervisor("dla", "national"))
    page = client.get(reverse("network:index"), {"year": YEAR}).content.decode()
    assert all(f"อบต.{slug}" in page for slug in network)
    out = io.StringIO()
    call_command("network", "--scope", "national", "--year", str(YEAR), "--json", stdout=out)
    assert {a["slug"] for a in json.loads(out.getvalue())["agencies"]} == set(network)


def test_a_national_scope_limited_to_a_type_sees_only_that_type_everywhere(network) -> None:
    from prongsai.network.selectors import agencies_in

    both = [parse_scope("national", ["เทศบาลตำบล"]), parse_scope("district:เชียงใหม่/แม่ริม")]
    assert set(agencies_in(both).values_list("slug", flat=True)) == {"b", "far"}


def test_a_long_list_is_shown_a_hundred_at_a_time_and_exported_whole(
    frameworks: None, login
) -> None:
    client = login(_supervisor("national", "national"))
    for i in range(130):
        _results(_agency(f"p{i:03d}", "ตาก", "แม่สอด"), YEAR, 90)
    first = client.get(reverse("network:index")).content.decode()
    second = client.get(reverse("network:index"), {"page": 2}).content.decode()
    assert "อบต.p000" in first and "อบต.p099" in first and "อบต.p100" not in first
    assert "อบต.p100" in second and "อบต.p129" in second
    assert "ตรงเงื่อนไข 130 หน่วยงาน" in first and "หน้า 1 จาก 2" in first
    export = client.get(reverse("network:export", args=["csv"])).content.decode("utf-8-sig")
    assert len(export.strip().splitlines()) == 131


def test_new_scores_show_at_once_and_unchanged_ones_are_not_recomputed(
    network, province_supervisor, login
) -> None:
    from prongsai.assessments.imports import ScoreRow
    from prongsai.assessments.services import scores_write
    from prongsai.network.services import summaries_refresh

    client = login(province_supervisor)
    client.get(reverse("network:index"))
    official = Assessment.objects.filter(kind="official", agency__province="นครปฐม")
    assert summaries_refresh(official) == 0  # all fresh after the page
    assessment = Assessment.objects.get(agency=network["a"], year=YEAR)
    before = json.loads(_network_json())["agencies"]
    scores_write(
        assessment=assessment,
        rows=[ScoreRow(row=2, code="I1", score=Decimal(10), question="")],
        source="manual",
        actor=province_supervisor,
    )
    after = json.loads(_network_json())["agencies"]
    total = {a["slug"]: a["total"] for a in before}, {a["slug"]: a["total"] for a in after}
    assert total[1]["a"] < total[0]["a"] and total[1]["b"] == total[0]["b"]
    assert summaries_refresh(official) == 0


def _network_json() -> str:
    out = io.StringIO()
    call_command("network", "--scope", "province:นครปฐม", "--year", str(YEAR), "--json", stdout=out)
    return out.getvalue()
