"""'What worked': did the questions a measure targeted move more than the others?"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.models import Framework
from prongsai.improvement.models import Measure, Weakness
from prongsai.network.whatworked import Change, what_worked

TARGETED = ("I7", "I8", "I9", "E2", "E7")


def test_a_constructed_ten_point_effect_is_found_with_an_interval_excluding_zero() -> None:
    changes = [
        Change(agency=a, code=f"q{i}", indicator=1 + i % 3, change=10 + (i % 3) - 1 if i < 5 else (i % 3) - 1, targeted=i < 5)
        for a in range(8)
        for i in range(20)
    ]  # fmt: skip
    verdict = what_worked(changes)
    assert verdict.enough
    assert abs(verdict.effect.mean_change - 10) < 0.5  # type: ignore[operator]
    low, high = verdict.effect.ci  # type: ignore[misc]
    assert 0 < low <= verdict.effect.mean_change <= high  # type: ignore[operator]
    assert verdict.targeted.n == 40 and verdict.untargeted.n == 120
    assert "เพิ่มขึ้นมากกว่าข้อที่ไม่มี" in verdict.message


def test_one_agency_with_two_questions_is_too_little_data() -> None:
    verdict = what_worked(
        [
            Change(agency=1, code="I7", indicator=2, change=12.0, targeted=True),
            Change(agency=1, code="I8", indicator=2, change=0.0, targeted=False),
        ]
    )
    assert not verdict.enough
    assert verdict.effect.ci is None
    assert verdict.message.startswith("ข้อมูลไม่พอ")


def test_no_difference_is_said_to_be_undecided_not_a_success() -> None:
    changes = [
        Change(agency=a, code=f"q{i}", indicator=1, change=float((a * 7 + i * 3) % 5 - 2), targeted=i % 2 == 0)
        for a in range(6)
        for i in range(12)
    ]  # fmt: skip
    verdict = what_worked(changes)
    assert verdict.enough
    assert "ยังบอกไม่ได้" in verdict.message


def _year(agency: Agency, year: int, bump: dict[str, float]) -> Assessment:
    framework = Framework.objects.get(year=year)
    assessment = Assessment.objects.create(agency=agency, year=year, framework=framework)
    QuestionScore.objects.bulk_create(
        QuestionScore(
            assessment=assessment, question=q, score=Decimal(str(70 + bump.get(q.code, 0)))
        )
        for q in framework.questions.exclude(tool="oit")
    )
    return assessment


def test_the_command_finds_the_effect_of_measures_across_agencies_of_a_province(
    frameworks: None,
) -> None:
    for i in range(6):
        agency = Agency.objects.create(
            slug=f"w{i}", name=f"อบต.w{i}", type="sao", province="นครปฐม", district="สามพราน"
        )
        before = _year(agency, 2566, {})
        # Targeted questions rise by ten; the others move a little either way.
        _year(
            agency,
            2567,
            {c: 10 if c in TARGETED else (i % 3) - 1 for c in [*TARGETED, "I1", "I2", "E1"]},
        )
        measure = Measure.objects.create(agency=agency, plan_year=2567, name="มาตรการ")
        for code in TARGETED:
            weakness = Weakness.objects.create(
                assessment=before, question=before.framework.questions.get(code=code), score=70
            )
            measure.weaknesses.add(weakness)
    out = io.StringIO()
    call_command("what_worked", scope="province:นครปฐม", year=2566, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["targeted"]["n"] == 30
    assert data["targeted"]["mean_change"] == 10.0
    assert data["effect"]["ci"][0] > 0
    assert any(row["indicator"] == 2 for row in data["by_indicator"])

    # One agency: the interval comes from its questions, and still excludes zero.
    one = io.StringIO()
    call_command("what_worked", agency="w0", year=2566, stdout=one)
    assert "เพิ่มขึ้นมากกว่าข้อที่ไม่มี" in one.getvalue()


def test_the_panel_shows_the_verdict_and_refuses_agencies_outside_the_scope(
    frameworks: None, login
) -> None:
    from django.contrib.auth.models import User
    from django.urls import reverse

    from prongsai.network.scope import parse_scope
    from prongsai.network.services import supervision_create

    Agency.objects.create(
        slug="far", name="อบต.ไกล", type="sao", province="เชียงใหม่", district="แม่ริม"
    )
    user = User.objects.create_user(username="sup")
    supervision_create(user=user, scope=parse_scope("province:นครปฐม"))
    client = login(user)
    page = client.get(reverse("network:what_worked"), {"from": "2566"}).content.decode()
    assert "ข้อมูลไม่พอ" in page
    outside = client.get(reverse("network:what_worked"), {"from": "2566", "agency": "far"})
    assert outside.status_code == 404


def test_like_for_like_compares_targeted_questions_with_untargeted_ones_as_weak() -> None:
    from prongsai.network.whatworked import Change, what_worked

    changes = []
    for agency in range(8):
        for q in range(6):  # weak and targeted: +12
            changes.append(Change(agency, f"T{q}", 1, 12.0, targeted=True, weak=True))
        for q in range(6):  # weak, no measure: +8 anyway (they were low)
            changes.append(Change(agency, f"W{q}", 1, 8.0 + (q % 2), targeted=False, weak=True))
        for q in range(6):  # strong, no measure: flat
            changes.append(Change(agency, f"S{q}", 1, 0.0, targeted=False, weak=False))
    verdict = what_worked(changes)
    assert verdict.effect.mean_change is not None and verdict.effect.mean_change > 7
    lfl = verdict.like_for_like
    assert lfl is not None and lfl.enough
    assert lfl.effect.mean_change == pytest.approx(3.5)
    assert verdict.as_json()["like_for_like"]["effect"]["mean_change"] == 3.5


def test_measures_are_grouped_by_kind_from_their_names() -> None:
    from prongsai.network.measure_kinds import kinds_of

    assert kinds_of("เผยแพร่ข้อมูลเกี่ยวกับงบประมาณประจำปี") == ("disclosure",)
    assert kinds_of("จัดประชุมชี้แจงแผนการใช้จ่ายงบประมาณ") == ("meeting",)
    assert kinds_of("อบรมบุคลากรเรื่องประมวลจริยธรรม") == ("training", "rules")
    assert kinds_of("ปลูกต้นไม้") == ("other",)


def test_what_worked_says_which_kind_of_measure_moved_scores() -> None:
    from prongsai.network.whatworked import Change, what_worked

    changes = []
    for agency in range(8):
        for q in range(5):
            changes.append(Change(agency, f"M{q}", 1, 15.0, True, kinds=("meeting",)))
            changes.append(Change(agency, f"D{q}", 1, 1.0, True, kinds=("disclosure",)))
            changes.append(Change(agency, f"U{q}", 1, 0.5 * (q % 2), False))
    kinds = dict(what_worked(changes).by_kind)
    assert kinds["meeting"].effect.mean_change == pytest.approx(14.8)
    assert kinds["meeting"].effect.ci is not None and kinds["meeting"].effect.ci[0] > 10
    assert kinds["disclosure"].effect.mean_change == pytest.approx(0.8)
    as_json = what_worked(changes).as_json()["by_kind"]
    assert [k["label"] for k in as_json] == ["เผยแพร่ข้อมูล/ประชาสัมพันธ์", "ประชุม/ชี้แจง"]
