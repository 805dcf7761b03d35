"""Reads of surveys that take more than one query: state, progress, answers, results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from prongsai.agencies.models import Agency
from prongsai.assessments.scoring import ScoreReport
from prongsai.framework.services import framework_spec
from prongsai.surveys import frozen
from prongsai.surveys.minimums import MinimumGroup, eit_minimum
from prongsai.surveys.models import Answer, OfficialRound, Survey
from prongsai.surveys.questionnaire import questionnaire
from prongsai.surveys.scoring import (
    Answers,
    QuestionResult,
    SatisfactionStat,
    framework_report,
    question_scores,
    satisfaction_by_question,
    satisfaction_by_service,
    satisfaction_overall,
)

# Aggregates shown to the public only from this many responses on, so that a
# handful of answers cannot be read back to the few people who gave them.
PUBLIC_MIN_RESPONSES = 5


def survey_state(survey: Survey, today: date | None = None) -> str:
    """ "open", "not_yet" or "closed"."""
    today = today or timezone.localdate()
    if today < survey.opens_on:
        return "not_yet"
    if today > survey.closes_on:
        return "closed"
    return "open"


def public_url(survey: Survey) -> str:
    return settings.SITE_URL + reverse("surveys:answer", args=[survey.slug])


def surveys_of(agency: Agency) -> list[Survey]:
    surveys: list[Survey] = list(
        Survey.objects.filter(agency=agency)
        .annotate(n_responses=Count("responses"))
        .order_by("-opens_on", "title")
    )
    today = timezone.localdate()
    for s in surveys:
        s.state = survey_state(s, today)  # type: ignore[attr-defined]
    return surveys


def daily_counts(survey: Survey) -> list[tuple[date, int]]:
    return list(
        survey.responses.values("submitted_on")
        .annotate(n=Count("id"))
        .order_by("submitted_on")
        .values_list("submitted_on", "n")
    )


@dataclass(frozen=True)
class Progress:
    total: int
    target: int | None
    days: list[tuple[date, int, int]]  # day, count, cumulative
    state: str

    @property
    def percent(self) -> float | None:
        if not self.target:
            return None
        return min(100.0, 100.0 * self.total / self.target)

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.total >= (self.target or 0)

    @property
    def max_day(self) -> int:
        return max((n for _d, n, _c in self.days), default=0)


def survey_progress(survey: Survey) -> Progress:
    cumulative, days = 0, []
    for day, n in daily_counts(survey):
        cumulative += n
        days.append((day, n, cumulative))
    return Progress(cumulative, survey.min_sample, days, survey_state(survey))


def responses_answers(survey: Survey) -> list[Answers]:
    """Every response's answers as {(code, part): value}, in no meaningful order."""
    grouped: dict[Any, dict[tuple[str, int], str]] = defaultdict(dict)
    rows = Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question__code", "part", "value"
    )
    for response_id, code, part, value in rows.iterator(chunk_size=5000):
        grouped[response_id][(code, part)] = value
    return list(grouped.values())


def survey_question_results(survey: Survey) -> dict[str, QuestionResult]:
    if survey.frozen_results is not None:  # raw answers purged: the frozen aggregates
        return frozen.question_results_from(survey.frozen_results)
    qn = questionnaire(survey)
    return question_scores(qn.defs(), responses_answers(survey))


def survey_score_report(survey: Survey) -> ScoreReport | None:
    if survey.framework is None:
        return None
    return framework_report(framework_spec(survey.framework), survey_question_results(survey))


@dataclass(frozen=True)
class SatisfactionResults:
    n: int
    overall: SatisfactionStat
    questions: list[tuple[Any, SatisfactionStat]]  # (Question, stat)
    services: list[tuple[str, SatisfactionStat, dict[str, SatisfactionStat]]]
    service_counts: list[tuple[str, int]]
    comments: list[tuple[str, list[str]]]  # (question text, answers) — admins only


def satisfaction_results(survey: Survey, *, with_comments: bool = False) -> SatisfactionResults:
    qn = questionnaire(survey)
    if survey.frozen_results is not None:
        return _frozen_satisfaction(survey.frozen_results["satisfaction"], qn.questions)
    answers = responses_answers(survey)
    defs = qn.defs()
    per_question = satisfaction_by_question(defs, answers)
    services: list[tuple[str, SatisfactionStat, dict[str, SatisfactionStat]]] = []
    service_counts: list[tuple[str, int]] = []
    sq = qn.service_question
    if sq is not None:
        by_service = satisfaction_by_service(
            defs, answers, service_code=sq.code, services=sq.choices
        )
        services = [(name, overall, per_q) for name, (overall, per_q) in by_service.items()]
        service_counts = [
            (name, sum(1 for a in answers if a.get((sq.code, 0)) == name)) for name in sq.choices
        ]
    comments: list[tuple[str, list[str]]] = []
    if with_comments:
        for q in qn.questions:
            if q.answer_type == "free_text":
                texts = sorted(a[(q.code, 0)] for a in answers if (q.code, 0) in a)
                comments.append((q.text, texts))
    return SatisfactionResults(
        len(answers),
        satisfaction_overall(defs, answers),
        [(q, per_question[q.code]) for q in qn.questions if q.code in per_question],
        services,
        service_counts,
        comments,
    )


def _frozen_satisfaction(data: dict[str, Any], questions: Sequence[Any]) -> SatisfactionResults:
    """SatisfactionResults from a frozen summary; free-text comments were not kept."""
    per_question = {code: frozen.stat_from(v) for code, v in data["questions"].items()}
    return SatisfactionResults(
        data["n"],
        frozen.stat_from(data["overall"]),
        [(q, per_question[q.code]) for q in questions if q.code in per_question],
        [
            (name, frozen.stat_from(overall), {c: frozen.stat_from(v) for c, v in per_q.items()})
            for name, overall, per_q in data["services"]
        ],
        [(name, n) for name, n in data["service_counts"]],
        [],
    )


def public_aggregates(survey: Survey) -> dict[str, Any]:
    """What may be shown to anyone: counts and means, no free text, nothing per
    response, and nothing at all below PUBLIC_MIN_RESPONSES responses."""
    if survey.frozen_results is not None:
        kept = dict(survey.frozen_results["public"])
        return kept | {"survey": survey.title, "agency": survey.agency.name}
    qn = questionnaire(survey)
    answers = responses_answers(survey)
    out: dict[str, Any] = {
        "survey": survey.title,
        "agency": survey.agency.name,
        "responses": len(answers),
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
    }
    if len(answers) < PUBLIC_MIN_RESPONSES:
        out["questions"] = []
        out["note"] = f"ผลสรุปจะแสดงเมื่อมีผู้ตอบอย่างน้อย {PUBLIC_MIN_RESPONSES} คน"
        return out
    scores = question_scores(qn.defs(), answers)
    satisfaction = satisfaction_by_question(qn.defs(), answers)
    questions = []
    for q in qn.questions:
        item: dict[str, Any] = {"code": q.code, "text": q.text, "type": q.answer_type}
        if q.code in scores:
            r = scores[q.code]
            item |= {"score": None if r.score is None else float(r.score), "answered": r.answered}
        elif q.code in satisfaction:
            s = satisfaction[q.code]
            item |= {
                "mean": None if s.mean is None else float(s.mean),
                "satisfied_pct": None if s.satisfied_pct is None else float(s.satisfied_pct),
                "answered": s.n,
                "counts": list(s.counts),
            }
        elif q.answer_type == "service":
            item["counts"] = {
                c: sum(1 for a in answers if a.get((q.code, 0)) == c) for c in q.choices
            }
        else:
            continue  # free text is never public
        questions.append(item)
    out["questions"] = questions
    return out


@dataclass(frozen=True)
class RoundTargets:
    eit_minimum: MinimumGroup | None
    eit_target: int | None
    iit_target: int | None
    staff_count: int | None


def round_targets(official: OfficialRound) -> RoundTargets:
    group = eit_minimum(official.agency.type, official.size)
    eit = official.eit_target or (group.minimum if group else None)
    staff = official.staff_count or official.agency.staff_count
    return RoundTargets(group, eit, official.iit_target, staff)


def round_series(official: OfficialRound, tool: str) -> list[tuple[date, int]]:
    return [(p.on, p.count) for p in official.progress.all() if p.tool == tool]
