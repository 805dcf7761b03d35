"""NACC scoring of an ITA assessment, as pure functions over plain data.

Rules (ita-framework.md §5), with the choices we made where sources are silent:

- A survey indicator (IIT 1–5, EIT 6–8) is the mean of its question scores.
- An OIT sub-indicator is the share of its items that scored 100; an OIT
  indicator is the mean of its sub-indicators (or the share of its items
  passed, when the year's framework gives no sub-indicators). Verified
  against the NACC's 2564 regional report: one item missing in 9.2 and one
  in 9.5 gives indicator 9 = 93.50.
- IIT = mean of indicators 1–5, EIT = mean of 6–8, OIT = mean of 9 and 10.
- Total = the framework's weights (0.3·IIT + 0.3·EIT + 0.4·OIT).
- Grade by the framework's bands, rating (from 2566) by its rules.
- Everything is computed exactly and rounded half up to two decimals only
  when reported, the way the NACC prints scores.

A question without a score is *missing*, never zero. An indicator with some
questions missing is computed from the others and flagged partial; tool
scores, the total, the grade and the rating are given only when nothing is
missing, so a partial import can never show a misleading total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from prongsai.framework.schema import FrameworkSpec
from prongsai.lib.thai import round_score

TOOLS = ("iit", "eit", "oit")
PASS = Fraction(100)


@dataclass(frozen=True)
class PartScore:
    """Score of an indicator or sub-indicator, with how complete it is."""

    score: Decimal | None
    answered: int
    expected: int

    @property
    def partial(self) -> bool:
        return self.answered < self.expected


@dataclass(frozen=True)
class ScoreReport:
    iit: Decimal | None
    eit: Decimal | None
    oit: Decimal | None
    total: Decimal | None
    grade: str | None
    rating: str | None
    indicators: dict[int, PartScore]
    sub_indicators: dict[str, PartScore]
    questions: dict[str, Decimal]
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def tool(self, tool: str) -> Decimal | None:
        return {"iit": self.iit, "eit": self.eit, "oit": self.oit}[tool]

    def as_json(self) -> dict[str, object]:
        def num(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "iit": num(self.iit),
            "eit": num(self.eit),
            "oit": num(self.oit),
            "total": num(self.total),
            "grade": self.grade,
            "rating": self.rating,
            "complete": self.complete,
            "missing": list(self.missing),
            "indicators": {str(k): num(v.score) for k, v in sorted(self.indicators.items())},
            "sub_indicators": {k: num(v.score) for k, v in self.sub_indicators.items()},
            "questions": {k: num(v) for k, v in self.questions.items()},
        }


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _share_passed(values: list[Fraction]) -> Fraction | None:
    return Fraction(100 * sum(1 for v in values if v >= PASS), len(values)) if values else None


def _out(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    # Fraction → Decimal without binary floating point on the way.
    return round_score(Decimal(value.numerator) / Decimal(value.denominator))


def grade_for(spec: FrameworkSpec, total: Decimal) -> str:
    for band in spec.grades:
        if total >= band.min:
            return band.grade
    return spec.grades[-1].grade


def rating_for(spec: FrameworkSpec, total: Decimal, tools: Mapping[str, Decimal]) -> str | None:
    """The framework's rating label (from 2566), or None for years without one.
    A rule with min_each_tool also needs every tool score at that level: an
    agency with a 94.64 total but EIT below 85 is "ผ่าน", not "ผ่านดี"."""
    for rule in spec.ratings:
        if total < rule.min_total:
            continue
        if rule.min_each_tool is not None and any(v < rule.min_each_tool for v in tools.values()):
            continue
        return rule.label
    return None


def compute_scores(spec: FrameworkSpec, scores: Mapping[str, Decimal]) -> ScoreReport:
    """Score an assessment. `scores` maps canonical question codes (I7, E2,
    o11) to 0–100; codes the framework does not know are ignored."""
    exact = {code: Fraction(str(value)) for code, value in scores.items()}
    indicator_exact: dict[int, Fraction | None] = {}
    indicators: dict[int, PartScore] = {}
    sub_indicators: dict[str, PartScore] = {}
    missing: list[str] = []

    for indicator in spec.indicators:
        questions = spec.questions_for_indicator(indicator.number)
        present = [exact[q.code] for q in questions if q.code in exact]
        missing.extend(q.code for q in questions if q.code not in exact)
        if indicator.tool == "oit" and indicator.sub_indicators:
            subs: list[Fraction] = []
            for sub in indicator.sub_indicators:
                items = spec.questions_for_sub_indicator(sub.code)
                answered = [exact[q.code] for q in items if q.code in exact]
                value = _share_passed(answered)
                sub_indicators[sub.code] = PartScore(_out(value), len(answered), len(items))
                if value is not None:
                    subs.append(value)
            value = _mean(subs)
        elif indicator.tool == "oit":
            value = _share_passed(present)
        else:
            value = _mean(present)
        indicator_exact[indicator.number] = value
        indicators[indicator.number] = PartScore(_out(value), len(present), len(questions))

    tool_exact: dict[str, Fraction | None] = {}
    for tool in TOOLS:
        values = [indicator_exact[i.number] for i in spec.indicators if i.tool == tool]
        tool_missing = any(spec.tool_of(code) == tool for code in missing)
        if tool_missing or not values or any(v is None for v in values):
            tool_exact[tool] = None
        else:
            tool_exact[tool] = _mean([v for v in values if v is not None])

    total = grade = rating = None
    if all(tool_exact[t] is not None for t in TOOLS):
        weights = spec.weights
        weighted = sum(
            (
                Fraction(str(getattr(weights, t))) * v
                for t in TOOLS
                if (v := tool_exact[t]) is not None
            ),
            Fraction(0),
        )
        total = _out(weighted)
        assert total is not None
        tools_out = {t: _out(tool_exact[t]) or Decimal(0) for t in TOOLS}
        grade = grade_for(spec, total)
        rating = rating_for(spec, total, tools_out)

    return ScoreReport(
        iit=_out(tool_exact["iit"]),
        eit=_out(tool_exact["eit"]),
        oit=_out(tool_exact["oit"]),
        total=total,
        grade=grade,
        rating=rating,
        indicators=indicators,
        sub_indicators=sub_indicators,
        questions={q.code: round_score(scores[q.code]) for q in spec.questions if q.code in scores},
        missing=missing,
    )
