"""Scoring questionnaire answers, as pure functions over plain data.

NACC rules (ita-framework.md §5.1):

- 4-level items: น้อยที่สุดหรือไม่มีเลย / น้อย / มาก / มากที่สุด = 0 / 33.33 / 66.67 / 100.
  Computed with exact thirds (100/3, 200/3) and rounded half up to two decimals
  only at the end, so three answers "น้อย" average to 33.33, not 33.33 × 3 / 3
  of a rounded value.
- Yes/no items: "มี" = 100, "ไม่มี" = 0.
- A reversed item (a negatively worded one, e.g. "มีการเรียกรับเงินหรือไม่") flips
  its points: 100 − points.
- A multi-part item: each part is scored on its own (and may be reversed); the
  respondent's score for the item is the mean of the parts answered.
- The agency's question score is the mean over the respondents who answered it.

Indicator and tool scores then come from `prongsai.assessments.scoring.compute_scores`
exactly as for imported results.

Satisfaction (the agency's own 5-level scale, 1 = น้อยที่สุด … 5 = มากที่สุด): the mean
on 1–5 and the share of "satisfied" answers (4 or 5), per question and per service.

Stored answer values: 4-level "1"–"4" (1 = น้อยที่สุดหรือไม่มีเลย), yes/no "yes"/"no",
satisfaction "1"–"5", a service its label, free text the text. A respondent's
answers are a mapping (question code, part) → value; part 0 is the question itself,
parts of a multi-part question are numbered from 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from prongsai.assessments.scoring import ScoreReport, compute_scores
from prongsai.framework.schema import FrameworkSpec
from prongsai.lib.thai import round_score

AnswerKey = tuple[str, int]
Answers = Mapping[AnswerKey, str]

FOUR_LEVEL_POINTS: dict[str, Fraction] = {
    "1": Fraction(0),
    "2": Fraction(100, 3),
    "3": Fraction(200, 3),
    "4": Fraction(100),
}
YES_NO_POINTS: dict[str, Fraction] = {"yes": Fraction(100), "no": Fraction(0)}
SATISFACTION_VALUES = ("1", "2", "3", "4", "5")
SATISFIED = frozenset({"4", "5"})
SCORED_TYPES = frozenset({"four_level", "yes_no", "multi_part"})


@dataclass(frozen=True)
class PartDef:
    answer_type: str
    reversed: bool = False


@dataclass(frozen=True)
class QuestionDef:
    code: str
    answer_type: str
    reversed: bool = False
    parts: tuple[PartDef, ...] = ()


@dataclass(frozen=True)
class QuestionResult:
    score: Decimal | None  # 0–100, rounded half up to 2 decimals
    answered: int  # respondents who answered


@dataclass(frozen=True)
class SatisfactionStat:
    n: int
    mean: Decimal | None  # on 1–5
    satisfied_pct: Decimal | None  # % answering 4 or 5
    counts: tuple[int, int, int, int, int]  # answers 1..5


def points(answer_type: str, value: str | None, *, reversed: bool = False) -> Fraction | None:
    """Points of one answer of a 4-level or yes/no item; None for no (or an unknown) answer."""
    if value is None:
        return None
    table = FOUR_LEVEL_POINTS if answer_type == "four_level" else YES_NO_POINTS
    if answer_type not in ("four_level", "yes_no") or value not in table:
        return None
    got = table[value]
    return Fraction(100) - got if reversed else got


def _mean(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _decimal(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return round_score(Decimal(value.numerator) / Decimal(value.denominator))


def respondent_points(question: QuestionDef, answers: Answers) -> Fraction | None:
    """One respondent's points for one question (exact); None when not answered."""
    if question.answer_type == "multi_part":
        parts = [
            p
            for n, part in enumerate(question.parts, start=1)
            if (
                p := points(
                    part.answer_type, answers.get((question.code, n)), reversed=part.reversed
                )
            )
            is not None
        ]
        return _mean(parts)
    return points(question.answer_type, answers.get((question.code, 0)), reversed=question.reversed)


def question_scores(
    questions: Iterable[QuestionDef], responses: Iterable[Answers]
) -> dict[str, QuestionResult]:
    """Score per question: the mean over the respondents who answered it."""
    scored = [q for q in questions if q.answer_type in SCORED_TYPES]
    collected: dict[str, list[Fraction]] = {q.code: [] for q in scored}
    for answers in responses:
        for q in scored:
            value = respondent_points(q, answers)
            if value is not None:
                collected[q.code].append(value)
    return {
        code: QuestionResult(_decimal(_mean(values)), len(values))
        for code, values in collected.items()
    }


def framework_report(spec: FrameworkSpec, results: Mapping[str, QuestionResult]) -> ScoreReport:
    """Indicator and tool scores of the answered framework questions, by the
    same rules as imported results (questions nobody answered are missing)."""
    scores = {
        code: r.score
        for code, r in results.items()
        if r.score is not None and spec.has_question(code)
    }
    return compute_scores(spec, scores)


def satisfaction_stat(values: Iterable[str]) -> SatisfactionStat:
    counts = [0, 0, 0, 0, 0]
    for value in values:
        if value in SATISFACTION_VALUES:
            counts[int(value) - 1] += 1
    n = sum(counts)
    if n == 0:
        return SatisfactionStat(0, None, None, (0, 0, 0, 0, 0))
    total = sum((i + 1) * c for i, c in enumerate(counts))
    return SatisfactionStat(
        n,
        _decimal(Fraction(total, n)),
        _decimal(Fraction(100 * (counts[3] + counts[4]), n)),
        (counts[0], counts[1], counts[2], counts[3], counts[4]),
    )


def satisfaction_by_question(
    questions: Iterable[QuestionDef], responses: Sequence[Answers]
) -> dict[str, SatisfactionStat]:
    codes = [q.code for q in questions if q.answer_type == "satisfaction"]
    return {
        code: satisfaction_stat(a[(code, 0)] for a in responses if (code, 0) in a) for code in codes
    }


def satisfaction_overall(
    questions: Iterable[QuestionDef], responses: Sequence[Answers]
) -> SatisfactionStat:
    """All satisfaction answers of all questions pooled together."""
    codes = [q.code for q in questions if q.answer_type == "satisfaction"]
    return satisfaction_stat(a[(c, 0)] for a in responses for c in codes if (c, 0) in a)


def satisfaction_by_service(
    questions: Sequence[QuestionDef],
    responses: Sequence[Answers],
    *,
    service_code: str,
    services: Sequence[str],
) -> dict[str, tuple[SatisfactionStat, dict[str, SatisfactionStat]]]:
    """Per service (in the order given): the pooled stat and the stat per question
    of the respondents who chose that service."""
    out: dict[str, tuple[SatisfactionStat, dict[str, SatisfactionStat]]] = {}
    for service in services:
        group = [a for a in responses if a.get((service_code, 0)) == service]
        out[service] = (
            satisfaction_overall(questions, group),
            satisfaction_by_question(questions, group),
        )
    return out
