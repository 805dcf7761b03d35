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
- Where a year tags EIT questions with their part (ส่วนที่ 1 / 2), each part
  is scored like the EIT itself (mean over its indicators of the mean of the
  part's questions there) so a rating rule can require each part ≥ N. This
  per-part formula is our choice [I]: no NACC source gives it.
- Everything is computed exactly and rounded half up to two decimals only
  when reported, the way the NACC prints scores.

A question without a score is *missing*, never zero. An indicator with some
questions missing is computed from the others and flagged partial; tool
scores, the total, the grade and the rating are given only when nothing is
missing, so a partial import can never show a misleading total.

A year's framework may itself be incomplete (2567 ships only o1–o4 of the
OIT): a sub-indicator, indicator or tool with no questions defined is a
*gap*. A gap makes its tool and the total unknown, exactly like a missing
score, and `reasons()` says which, so "no total" always comes with why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

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
    # Sub-indicators of this indicator for which the framework defines no items.
    gaps: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return self.answered < self.expected or bool(self.gaps)


@dataclass(frozen=True)
class Gap:
    """A part of the framework with no questions defined: a sub-indicator
    ("9.2"), an indicator ("10") or a whole tool ("oit")."""

    tool: str
    where: str
    level: str  # "sub_indicator" | "indicator" | "tool"


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
    gaps: list[Gap] = field(default_factory=list)
    year: int | None = None
    # The tool of each missing question code, for reasons().
    missing_tools: dict[str, str] = field(default_factory=dict)
    # EIT score per part (1, 2) for years whose EIT questions are tagged.
    eit_parts: dict[int, Decimal | None] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.gaps

    @property
    def framework_incomplete(self) -> bool:
        return bool(self.gaps)

    def reasons(self) -> list[dict[str, object]]:
        """Why a tool (and so the total) has no score, one entry per tool and
        cause: scores missing for questions, or the framework lacking items."""
        out: list[dict[str, object]] = []
        for tool in TOOLS:
            codes = [c for c, t in self.missing_tools.items() if t == tool]
            if codes:
                out.append(
                    {
                        "tool": tool,
                        "kind": "scores_missing",
                        "codes": codes,
                        "message": _("%(tool)s: ยังไม่มีคะแนน %(n)d ข้อ (%(codes)s)")
                        % {"tool": tool.upper(), "n": len(codes), "codes": ", ".join(codes)},
                    }
                )
            gaps = [g.where for g in self.gaps if g.tool == tool]
            if gaps:
                out.append(
                    {
                        "tool": tool,
                        "kind": "framework_incomplete",
                        "codes": gaps,
                        "message": _(
                            "%(tool)s: กรอบการประเมินปี %(year)s ยังไม่ครบ — ยังไม่มีข้อคำถามของ"
                            " %(where)s (นำเข้ากรอบการประเมินทางการด้วย"
                            " prongsai load-frameworks --file)"
                        )
                        % {
                            "tool": tool.upper(),
                            "year": self.year or "",
                            "where": ", ".join(_gap_label(g) for g in self.gaps if g.tool == tool),
                        },
                    }
                )
        return out

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
            "eit_parts": {str(k): num(v) for k, v in sorted(self.eit_parts.items())},
            # Overridden by the indicator-level report (scoring_indicators.py).
            "level": "question",
            "complete": self.complete,
            # Question codes without a score, then the framework's gaps (the
            # code of the sub-indicator, indicator or tool with no items), so
            # "missing" is never empty when the total is null.
            "missing": list(self.missing) + [g.where for g in self.gaps],
            "framework_incomplete": self.framework_incomplete,
            "reasons": self.reasons(),
            "indicators": {str(k): num(v.score) for k, v in sorted(self.indicators.items())},
            "sub_indicators": {k: num(v.score) for k, v in self.sub_indicators.items()},
            "questions": {k: num(v) for k, v in self.questions.items()},
        }


def _gap_label(gap: Gap) -> str:
    if gap.level == "sub_indicator":
        return _("ตัวชี้วัดย่อย %s") % gap.where
    if gap.level == "indicator":
        return _("ตัวชี้วัดที่ %s") % gap.where
    return _("เครื่องมือ %s") % gap.where.upper()


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


def rating_for(
    spec: FrameworkSpec,
    total: Decimal,
    tools: Mapping[str, Decimal],
    eit_parts: Mapping[int, Decimal | None] | None = None,
) -> str | None:
    """The framework's rating label (from 2566), or None for years without one.
    A rule with min_each_tool also needs every tool score at that level: an
    agency with a 94.64 total but EIT below 85 is "ผ่าน", not "ผ่านดี".
    A rule with min_each_eit_part also needs every EIT part at that level; a
    part without a score never satisfies it (the rule cannot be shown met)."""
    parts = dict(eit_parts or {})
    for rule in spec.ratings:
        if total < rule.min_total:
            continue
        if rule.min_each_tool is not None and any(v < rule.min_each_tool for v in tools.values()):
            continue
        if rule.min_each_eit_part is not None and (
            not parts or any(v is None or v < rule.min_each_eit_part for v in parts.values())
        ):
            continue
        return rule.label
    return None


def eit_part_scores(
    spec: FrameworkSpec, exact: Mapping[str, Fraction]
) -> dict[int, Fraction | None]:
    """Each tagged EIT part's score: per EIT indicator the mean of the part's
    answered questions there, then the mean over those indicators. None for a
    part with any question unanswered, as for the tools."""
    out: dict[int, Fraction | None] = {}
    for part in spec.eit_parts():
        questions = [q for q in spec.questions_for_tool("eit") if q.eit_part == part]
        if any(q.code not in exact for q in questions):
            out[part] = None
            continue
        by_indicator: dict[int, list[Fraction]] = {}
        for q in questions:
            by_indicator.setdefault(q.indicator, []).append(exact[q.code])
        means = [m for values in by_indicator.values() if (m := _mean(values)) is not None]
        out[part] = _mean(means)
    return out


def compute_scores(spec: FrameworkSpec, scores: Mapping[str, Decimal]) -> ScoreReport:
    """Score an assessment. `scores` maps canonical question codes (I7, E2,
    o11) to 0–100; codes the framework does not know are ignored."""
    exact = {code: Fraction(str(value)) for code, value in scores.items()}
    indicator_exact: dict[int, Fraction | None] = {}
    indicators: dict[int, PartScore] = {}
    sub_indicators: dict[str, PartScore] = {}
    missing: list[str] = []
    gaps: list[Gap] = []

    for indicator in spec.indicators:
        questions = spec.questions_for_indicator(indicator.number)
        present = [exact[q.code] for q in questions if q.code in exact]
        missing.extend(q.code for q in questions if q.code not in exact)
        sub_gaps: list[str] = []
        if indicator.tool == "oit" and indicator.sub_indicators:
            subs: list[Fraction] = []
            for sub in indicator.sub_indicators:
                items = spec.questions_for_sub_indicator(sub.code)
                if not items:
                    sub_gaps.append(sub.code)
                    gaps.append(Gap(indicator.tool, sub.code, "sub_indicator"))
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
        if not questions and not sub_gaps:
            gaps.append(Gap(indicator.tool, str(indicator.number), "indicator"))
        indicator_exact[indicator.number] = value
        indicators[indicator.number] = PartScore(
            _out(value), len(present), len(questions), tuple(sub_gaps)
        )

    tool_exact: dict[str, Fraction | None] = {}
    for tool in TOOLS:
        values = [indicator_exact[i.number] for i in spec.indicators if i.tool == tool]
        if not values:
            gaps.append(Gap(tool, tool, "tool"))
        tool_missing = any(spec.tool_of(code) == tool for code in missing)
        tool_gap = any(g.tool == tool for g in gaps)
        if tool_missing or tool_gap or not values or any(v is None for v in values):
            tool_exact[tool] = None
        else:
            tool_exact[tool] = _mean([v for v in values if v is not None])

    parts_exact = eit_part_scores(spec, exact)
    parts_out = {part: _out(value) for part, value in parts_exact.items()}
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
        rating = rating_for(spec, total, tools_out, parts_out)

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
        gaps=gaps,
        year=spec.year,
        missing_tools={code: spec.tool_of(code) for code in missing},
        eit_parts=parts_out,
    )
