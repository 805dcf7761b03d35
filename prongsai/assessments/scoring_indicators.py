"""Scoring an assessment known only by its ten indicator scores, pure.

Many agencies have only the NACC's summary tables or regional reports: the
indicator scores of a year, not the per-question ones. From the indicators
up the rules are those of `scoring.py`: a tool is the mean of its
indicators, the total the framework's weights, grade and rating by its bands
and rules. An indicator without a score is missing (never zero) and leaves
its tool and the total unknown. The framework's question gaps (2567 ships
only part of the OIT) do not matter here: the NACC computed the indicators
from items we may not have.

Kept apart from `scoring.py` so that the question-level rules stay in one
place; the report is a `ScoreReport` whose `level` says which it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from prongsai.assessments.scoring import (
    TOOLS,
    Gap,
    PartScore,
    ScoreReport,
    _mean,
    _out,
    compute_scores,
    grade_for,
    rating_for,
)
from prongsai.framework.schema import FrameworkSpec

UNAVAILABLE = "ผลรายข้อไม่มี — นำเข้าผลรายตัวชี้วัดเท่านั้น"


@dataclass(frozen=True)
class IndicatorScoreReport(ScoreReport):
    """A ScoreReport with no questions or sub-indicators: `missing` holds the
    numbers of the indicators without a score."""

    @property
    def level(self) -> str:
        return "indicator"

    @property
    def indicator_level(self) -> bool:
        return True

    def reasons(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for tool in TOOLS:
            numbers = [n for n, t in self.missing_tools.items() if t == tool]
            if numbers:
                out.append(
                    {
                        "tool": tool,
                        "kind": "scores_missing",
                        "codes": numbers,
                        "message": _("%(tool)s: ยังไม่มีคะแนนตัวชี้วัดที่ %(numbers)s")
                        % {"tool": tool.upper(), "numbers": ", ".join(numbers)},
                    }
                )
        return out

    def as_json(self) -> dict[str, object]:
        data = super().as_json()
        data["level"] = "indicator"
        data["questions_unavailable"] = _(UNAVAILABLE)
        return data


def compute_indicator_scores(
    spec: FrameworkSpec, scores: Mapping[int, Decimal]
) -> IndicatorScoreReport:
    """`scores` maps indicator numbers (1–10) to 0–100; numbers the framework
    does not know are ignored."""
    numbers = {ind.number for ind in spec.indicators}
    exact = {n: Fraction(str(v)) for n, v in scores.items() if n in numbers}
    indicators = {
        ind.number: PartScore(_out(exact.get(ind.number)), int(ind.number in exact), 1)
        for ind in spec.indicators
    }
    gaps: list[Gap] = []
    tool_exact: dict[str, Fraction | None] = {}
    for tool in TOOLS:
        mine = [i.number for i in spec.indicators if i.tool == tool]
        if not mine:
            gaps.append(Gap(tool, tool, "tool"))
        values = [exact[n] for n in mine if n in exact]
        tool_exact[tool] = _mean(values) if mine and len(values) == len(mine) else None
    total = grade = rating = None
    if all(tool_exact[t] is not None for t in TOOLS):
        weighted = sum(
            (
                Fraction(str(getattr(spec.weights, t))) * v
                for t in TOOLS
                if (v := tool_exact[t]) is not None
            ),
            Fraction(0),
        )
        total = _out(weighted)
        assert total is not None
        grade = grade_for(spec, total)
        # No EIT parts at this level: a rule that needs them cannot be shown met.
        rating = rating_for(spec, total, {t: _out(tool_exact[t]) or Decimal(0) for t in TOOLS})
    missing = [str(i.number) for i in spec.indicators if i.number not in exact]
    return IndicatorScoreReport(
        iit=_out(tool_exact["iit"]),
        eit=_out(tool_exact["eit"]),
        oit=_out(tool_exact["oit"]),
        total=total,
        grade=grade,
        rating=rating,
        indicators=indicators,
        sub_indicators={},
        questions={},
        missing=missing,
        gaps=gaps,
        year=spec.year,
        missing_tools={str(i.number): i.tool for i in spec.indicators if i.number not in exact},
    )


def report_for(
    spec: FrameworkSpec, questions: Mapping[str, Decimal], indicators: Mapping[int, Decimal]
) -> ScoreReport:
    """The report from what the agency has. Question scores win whenever there
    are any, so an agency that later imports its per-question results gets
    the full analysis; indicator scores alone give the indicator-level report."""
    if indicators and not questions:
        return compute_indicator_scores(spec, indicators)
    return compute_scores(spec, questions)
