"""The weaknesses a scope shares, with the measures other agencies published for them."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse

from prongsai.agencies.models import Agency
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.models import Framework
from prongsai.improvement.models import Measure, Weakness
from prongsai.network.common import common_weaknesses
from prongsai.network.scope import parse_scope
from prongsai.network.selectors import agencies_in
from prongsai.network.services import supervision_create
from prongsai.publishing.services import publication_publish


def _scores(agency: Agency, year: int, low: dict[str, int]) -> Assessment:
    framework = Framework.objects.get(year=year)
    assessment = Assessment.objects.create(agency=agency, year=year, framework=framework)
    QuestionScore.objects.bulk_create(
        QuestionScore(assessment=assessment, question=q, score=Decimal(low.get(q.code, 95)))
        for q in framework.questions.exclude(tool="oit")
    )
    return assessment


def _measure_for(assessment: Assessment, code: str, name: str) -> Measure:
    weakness = Weakness.objects.create(
        assessment=assessment, question=assessment.framework.questions.get(code=code), score=50
    )
    measure = Measure.objects.create(agency=assessment.agency, plan_year=2567, name=name)
    measure.weaknesses.add(weakness)
    return measure


def test_the_most_common_weakness_comes_first_with_published_measures_only(
    frameworks: None,
) -> None:
    agencies = [
        Agency.objects.create(slug=f"c{i}", name=f"อบต.c{i}", type="sao", province="นครปฐม", district="สามพราน")
        for i in range(3)
    ]  # fmt: skip
    first = _scores(agencies[0], 2566, {"I7": 60, "I8": 50})
    _scores(agencies[0], 2567, {"I8": 80})
    _measure_for(first, "I8", "ประชุมชี้แจงงบประมาณ")
    publication_publish(agency=agencies[0], actor=None)  # type: ignore[arg-type]  # the command line

    second = _scores(agencies[1], 2566, {"I8": 40})
    _measure_for(second, "I8", "ร่างที่ยังไม่เผยแพร่")  # never published: not shown
    _scores(agencies[2], 2566, {"I8": 70})

    found = common_weaknesses(agencies_in([parse_scope("province:นครปฐม")]), 2566)
    assert [(w.code, w.agencies_below) for w in found] == [("I8", 3), ("I7", 1)]
    assert [(m.name, m.change) for m in found[0].measures] == [("ประชุมชี้แจงงบประมาณ", Decimal(30))]


def test_the_network_page_lists_common_weaknesses(frameworks: None, login) -> None:
    agency = Agency.objects.create(
        slug="p", name="อบต.p", type="sao", province="นครปฐม", district="สามพราน"
    )
    _scores(agency, 2566, {"I7": 60})
    user = User.objects.create_user(username="sup")
    supervision_create(user=user, scope=parse_scope("province:นครปฐม"))
    client = login(user)
    page = client.get(reverse("network:index")).content.decode()
    assert reverse("network:common") in page  # loaded after the table, by htmx
    panel = client.get(reverse("network:common"), {"year": 2566}).content.decode()
    assert "ข้อบกพร่องที่พบบ่อย" in panel and "I7" in panel


def test_the_common_weaknesses_panel_is_for_supervisors_of_the_scope_only(
    frameworks: None, login, agency_admin
) -> None:
    far = Agency.objects.create(
        slug="far", name="อบต.ไกล", type="sao", province="เชียงใหม่", district="แม่ริม"
    )
    _scores(far, 2566, {"I7": 60})
    user = User.objects.create_user(username="sup")
    supervision_create(user=user, scope=parse_scope("province:นครปฐม"))
    panel = login(user).get(reverse("network:common"), {"year": 2566}).content.decode()
    assert "I7" not in panel  # the weak agency is outside the scope
    assert login(agency_admin).get(reverse("network:common"), {"year": 2566}).status_code == 403
