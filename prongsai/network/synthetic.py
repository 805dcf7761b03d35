"""A synthetic country for benchmarks and for trying the network view at
national scale: `prongsai generate-national`.

Real province names (the 77 of Thailand) and the real mix of local-government
types (DLA counts: about 5,300 อบต., 2,250 เทศบาลตำบล, 195 เทศบาลเมือง, 30
เทศบาลนคร, 76 อบจ.); each agency sits in one of its province's real districts
(from the map's boundary file, so a province supervisor's map is filled in);
agency names are made up and say so (every agency's slug starts with "syn-"). Scores follow a simple model: each
agency has a latent quality, each question a difficulty, IIT/EIT scores are
continuous and OIT items pass or fail, everyone drifts up a little each year,
and questions a measure targeted rise by `targeted_gain` points more than the
rest — so "what worked" has a known answer to find.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from prongsai.agencies.models import Agency, Department
from prongsai.assessments.models import Assessment, QuestionScore
from prongsai.framework.diff import predecessors
from prongsai.framework.models import Framework, Question
from prongsai.framework.services import framework_spec
from prongsai.improvement.models import Measure, MeasureStatus, Weakness
from prongsai.network.map import boundaries, name_key, province_names

# The 77 provinces, as the map's shapes spell them (network/data/boundaries.json).
PROVINCES = province_names()
TYPE_SHARES = (
    ("sao", 5300, "องค์การบริหารส่วนตำบล"),
    ("tambon_municipality", 2250, "เทศบาลตำบล"),
    ("town_municipality", 195, "เทศบาลเมือง"),
    ("city_municipality", 30, "เทศบาลนคร"),
    ("pao", 76, "องค์การบริหารส่วนจังหวัด"),
)
FIRST = ("บ้าน", "หนอง", "ท่า", "โคก", "ดอน", "นา", "ห้วย", "บ่อ", "วัง", "ทุ่ง", "คลอง", "สระ", "ลำ", "โพน", "นาง")  # fmt: skip
SECOND = ("ใหม่", "ทอง", "แก้ว", "ยาง", "งาม", "ใหญ่", "น้อย", "กลาง", "หลวง", "โพธิ์", "ไผ่", "ศรี", "ม่วง", "สวรรค์", "จันทร์")  # fmt: skip
DEPARTMENTS = (("สำนักปลัด", "office"), ("กองคลัง", "finance"), ("กองช่าง", "works"))
BATCH = 5000


@dataclass(frozen=True)
class Country:
    agencies: int
    assessments: int
    scores: int
    measures: int


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _place(rng: random.Random) -> str:
    return rng.choice(FIRST) + rng.choice(SECOND)


def _agencies(n: int, rng: random.Random) -> list[Agency]:
    total = sum(share for _k, share, _n in TYPE_SHARES)
    kinds = [k for k, _s, _n in TYPE_SHARES]
    weights = [share / total for _k, share, _n in TYPE_SHARES]
    names = {k: name for k, _s, name in TYPE_SHARES}
    shapes = boundaries()
    districts = {
        p: [d.name for d in shapes.districts[shapes.provinces[name_key(p)].pcode]]
        for p in PROVINCES
    }
    agencies = []
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)] if i < len(PROVINCES) else rng.choice(PROVINCES)
        kind = rng.choices(kinds, weights)[0]
        district = rng.choice(districts[province])
        name = f"{names[kind]}{province if kind == 'pao' else _place(rng)}"
        agencies.append(
            Agency(
                slug=f"syn-{i:05d}",
                code=f"9{i:06d}",
                name=name,
                type=kind,
                province=province,
                district=district,
            )
        )
    return agencies


def generate_country(
    *,
    agencies: int,
    years: list[int],
    seed: int = 1,
    measure_share: float = 0.45,
    targeted_gain: float = 10.0,
    progress: Callable[[str], None] = lambda message: None,
) -> Country:
    """Fill the database with `agencies` synthetic agencies and their official
    results for `years`, weaknesses below 85 and measures (plan year Y+1) for a
    share of them. Bulk inserts, one transaction."""
    rng = random.Random(seed)
    frameworks = {f.year: f for f in Framework.objects.filter(year__in=years)}
    missing = sorted(set(years) - set(frameworks))
    if missing:
        raise ValueError(f"ไม่มีกรอบการประเมินปี {missing} (prongsai migrate โหลดปีที่มากับโปรแกรม)")
    with transaction.atomic():
        made = Agency.objects.bulk_create(_agencies(agencies, rng), batch_size=BATCH)
        ids = [a.pk for a in Agency.objects.filter(slug__startswith="syn-").order_by("slug")]
        Department.objects.bulk_create(
            [
                Department(agency_id=a, name=name, kind=kind, order=i)
                for a in ids
                for i, (name, kind) in enumerate(DEPARTMENTS, start=1)
            ],
            batch_size=BATCH,
        )
        quality = {a: rng.gauss(0, 1) for a in ids}
        with_measures = {a for a in ids if rng.random() < measure_share}
        targeted: set[tuple[int, str]] = set()
        n_scores = n_assessments = n_measures = 0
        previous_spec = None
        for step, year in enumerate(sorted(years)):
            framework = frameworks[year]
            questions = list(Question.objects.filter(framework=framework))
            spec = framework_spec(framework)
            joined: dict[str, str] = predecessors(spec, previous_spec) if previous_spec else {}
            before = {q.code: joined.get(q.code) for q in questions}
            difficulty = {q.code: rng.gauss(0, 0.8) for q in questions}
            Assessment.objects.bulk_create(
                [
                    Assessment(agency_id=a, framework=framework, year=year, kind="official")
                    for a in ids
                ],
                batch_size=BATCH,
            )
            assessment_of = dict(
                Assessment.objects.filter(
                    agency_id__in=ids, year=year, kind="official"
                ).values_list("agency_id", "pk")
            )
            rows = []
            weak: list[tuple[int, Question, Decimal]] = []
            for a in ids:
                for q in questions:
                    bump = targeted_gain if (a, before[q.code] or "") in targeted else 0.0
                    x = 0.3 * step + quality[a] * 0.9 - difficulty[q.code]
                    if q.tool == "oit":
                        score = 100.0 if rng.random() < _sigmoid(1.6 + x + bump / 10) else 0.0
                    else:
                        score = 100 * _sigmoid(2.0 + 0.6 * x + rng.gauss(0, 0.35)) + bump
                        score = min(100.0, max(30.0, score))
                    value = Decimal(f"{score:.2f}")
                    rows.append(
                        QuestionScore(assessment_id=assessment_of[a], question=q, score=value)
                    )
                    if a in with_measures and q.tool != "oit" and value < 85:
                        weak.append((a, q, value))
                if len(rows) >= BATCH:
                    QuestionScore.objects.bulk_create(rows, batch_size=BATCH)
                    n_scores += len(rows)
                    rows = []
            QuestionScore.objects.bulk_create(rows, batch_size=BATCH)
            n_scores += len(rows)
            n_assessments += len(ids)
            n_measures += _measures(year, weak, assessment_of, rng, targeted)
            previous_spec = spec
            progress(f"ITA {year}: {len(ids)} หน่วยงาน {n_scores} คะแนนรายข้อ")
        n_responses = _surveys(ids, max(years) + 1, rng)
        progress(f"แบบสอบถามสาธารณะปี {max(years) + 1}: {n_responses} คำตอบ")
    return Country(len(made), n_assessments, n_scores, n_measures)


def _surveys(ids: list[int], year: int, rng: random.Random, share: float = 0.3) -> int:
    """A public survey of ITA `year` with 5–120 responses (no answers: the
    network counts responses) for a share of the agencies."""
    from prongsai.surveys.models import Response, Survey

    opens = dt.date(year - 543 - 1, 10, 1)
    chosen = [a for a in ids if rng.random() < share]
    Survey.objects.bulk_create(
        [
            Survey(
                agency_id=a,
                slug=f"syn-{a}-{year}",
                title="แบบสอบถามผู้รับบริการ (ข้อมูลสมมติ)",
                kind="public",
                basis="custom",
                year=year,
                opens_on=opens,
                closes_on=opens + dt.timedelta(days=120),
            )
            for a in chosen
        ],
        batch_size=BATCH,
    )
    responses = [
        Response(survey_id=pk, submitted_on=opens + dt.timedelta(days=rng.randint(0, 120)))
        for pk in Survey.objects.filter(slug__startswith="syn-").values_list("pk", flat=True)
        for _ in range(rng.randint(5, 120))
    ]
    Response.objects.bulk_create(responses, batch_size=BATCH)
    return len(responses)


def _measures(
    year: int,
    weak: list[tuple[int, Question, Decimal]],
    assessment_of: dict[int, int],
    rng: random.Random,
    targeted: set[tuple[int, str]],
) -> int:
    """Weaknesses of `year` and one measure per agency (plan year Y+1) aimed at
    up to three of them; the aimed-at questions are remembered so the next
    year's scores can rise."""
    targeted.clear()
    Weakness.objects.bulk_create(
        [Weakness(assessment_id=assessment_of[a], question=q, score=s) for a, q, s in weak],
        batch_size=BATCH,
    )
    by_agency: dict[int, list[Weakness]] = {}
    for w in Weakness.objects.filter(assessment_id__in={assessment_of[a] for a, _q, _s in weak}).select_related("question", "assessment"):  # fmt: skip
        by_agency.setdefault(w.assessment.agency_id, []).append(w)
    statuses = [MeasureStatus.DONE, MeasureStatus.IN_PROGRESS, MeasureStatus.PLANNED]
    measures = [
        Measure(
            agency_id=a,
            assessment_id=assessment_of[a],
            plan_year=year + 1,
            name="มาตรการเผยแพร่ข้อมูลและเปิดช่องทางรับฟังความคิดเห็น (ข้อมูลสมมติ)",
            status=rng.choice(statuses),
            due_date=dt.date(year + 1 - 543, 9, 30),
        )
        for a in by_agency
    ]
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    through = Measure.weaknesses.through
    links = []
    for m in Measure.objects.filter(plan_year=year + 1, agency_id__in=by_agency):
        chosen = rng.sample(by_agency[m.agency_id], min(3, len(by_agency[m.agency_id])))
        for w in chosen:
            links.append(through(measure_id=m.pk, weakness_id=w.pk))
            targeted.add((m.agency_id, w.question.code))
    through.objects.bulk_create(links, batch_size=BATCH)
    return len(measures)
