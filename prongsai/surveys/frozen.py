"""The results of a survey frozen as JSON before its raw answers are deleted.

Only aggregates go in: per-question scores and answer counts, satisfaction
statistics, the public summary. Nothing per response and no free text, so what
remains after the retention period cannot be read back to a respondent.
"""

from decimal import Decimal
from typing import Any

from prongsai.surveys.scoring import QuestionResult, SatisfactionStat

VERSION = 1


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _undec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def stat_json(stat: SatisfactionStat) -> list[Any]:
    return [stat.n, _dec(stat.mean), _dec(stat.satisfied_pct), list(stat.counts)]


def stat_from(data: list[Any]) -> SatisfactionStat:
    n, mean, pct, counts = data
    return SatisfactionStat(n, _undec(mean), _undec(pct), tuple(counts))  # type: ignore[arg-type]


def question_results_json(results: dict[str, QuestionResult]) -> dict[str, list[Any]]:
    return {code: [_dec(r.score), r.answered] for code, r in results.items()}


def question_results_from(frozen: dict[str, Any]) -> dict[str, QuestionResult]:
    return {
        code: QuestionResult(_undec(score), answered)
        for code, (score, answered) in frozen.get("question_results", {}).items()
    }
