"""From scores to weaknesses: which questions scored low, and what NACC-style advice they get.

Pure: works on plain data (question infos, a code → score mapping, a recommendation
library) and touches no database, so the rules can be tested and reused by the services
that store weaknesses and by the document builder.

The rules follow the seed report (the o43 report of อบต.ท่าตลาด): a question is a
weakness when it scored below the pass mark of 85 (every question the seed analyses scored
53.56–84.59); the report is ordered IIT, then EIT, by indicator, questions by number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from prongsai.improvement.recommendations import Recommendation, RecommendationLibrary

TOOL_ORDER = ("iit", "eit", "oit")
DEFAULT_THRESHOLD = Decimal(85)
_TWO_PLACES = Decimal("0.01")
_CODE_NUMBER = re.compile(r"([A-Za-z]*)(\d+)")


@dataclass(frozen=True)
class QuestionInfo:
    """One question or OIT item of the year's framework, as the analysis needs it."""

    code: str
    tool: str  # "iit", "eit" or "oit"
    indicator: int
    indicator_name: str
    text: str | None


@dataclass(frozen=True)
class SuggestedMeasureText:
    """A suggested measure ready to show: placeholders filled, department names resolved."""

    name: str
    steps: tuple[str, ...]
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A low-scoring question with the advice the library has for it."""

    code: str
    score: Decimal
    tool: str
    indicator: int
    indicator_name: str
    question: str | None
    diagnosis: str
    recommendation: str
    references: tuple[str, ...]
    source: Literal["question", "indicator", "none"]
    status: Literal["nacc", "draft", "none"]
    suggested_measures: tuple[SuggestedMeasureText, ...]


def format_score(score: Decimal) -> str:
    """A score as NACC prints it: two decimals, halves rounded up ("79.27")."""
    value = score if isinstance(score, Decimal) else Decimal(str(score))
    return format(value.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP), "f")


def render_text(template: str, *, code: str, score: Decimal) -> str:
    """Fill the {code} and {score} placeholders of a library text."""
    # str.replace, not str.format: other braces in an officer's text must stay as written.
    return template.replace("{code}", code).replace("{score}", format_score(score))


def _code_key(code: str) -> tuple[str, int, str]:
    # Numeric order within a tool: I7 < I8 < I14 (a plain string sort gives I14 < I7).
    match = _CODE_NUMBER.fullmatch(code)
    if match is None:
        return (code, 0, code)
    return (match.group(1), int(match.group(2)), code)


def _tool_rank(tool: str) -> int:
    try:
        return TOOL_ORDER.index(tool)
    except ValueError:
        raise ValueError(f"unknown tool {tool!r}; expected one of {TOOL_ORDER}") from None


def _order_key(finding: Finding) -> tuple[int, int, tuple[str, int, str]]:
    return (_tool_rank(finding.tool), finding.indicator, _code_key(finding.code))


def _finding(info: QuestionInfo, score: Decimal, library: RecommendationLibrary | None) -> Finding:
    entry: Recommendation | None = None
    source: Literal["question", "indicator", "none"] = "none"
    if library is not None:
        try:
            entry, source = library.for_question(info.code, info.indicator)
        except KeyError:
            entry = None
    # The question as it stands, with no advice: what a question the library
    # does not cover is shown as, and what the advice is filled into.
    bare = Finding(
        code=info.code,
        score=score,
        tool=info.tool,
        indicator=info.indicator,
        indicator_name=info.indicator_name,
        question=info.text,
        diagnosis="",
        recommendation="",
        references=(),
        source="none",
        status="none",
        suggested_measures=(),
    )
    if entry is None or library is None:
        return bare

    def fill(text: str) -> str:
        return render_text(text, code=info.code, score=score)

    references: list[str] = []
    for ref in entry.references:
        filled = fill(ref)
        if filled not in references:
            references.append(filled)
    measures = tuple(
        SuggestedMeasureText(
            name=fill(measure.name),
            steps=tuple(fill(step) for step in measure.steps),
            departments=tuple(library.departments[key] for key in measure.departments),
        )
        for measure in entry.measures
    )
    return replace(
        bare,
        diagnosis=fill(entry.diagnosis),
        recommendation=fill(entry.recommendation),
        references=tuple(references),
        source=source,
        status=entry.status,
        suggested_measures=measures,
    )


def find_weaknesses(
    *,
    questions: Sequence[QuestionInfo],
    scores: Mapping[str, Decimal],
    threshold: Decimal = DEFAULT_THRESHOLD,
    library: RecommendationLibrary | None,
    include_oit: bool = False,
) -> list[Finding]:
    """The questions scoring strictly below `threshold`, with advice, in report order.

    A question without a score is not a weakness: a missing score is unknown, not zero.
    Scores for codes that are not in `questions` are ignored. OIT items (100 or 0) are
    left out unless `include_oit`, because the seed analyses the IIT and EIT only.
    """
    seen: set[str] = set()
    findings: list[Finding] = []
    for info in questions:
        _tool_rank(info.tool)
        if info.code in seen:
            raise ValueError(f"question {info.code} is listed twice")
        seen.add(info.code)
        if info.tool == "oit" and not include_oit:
            continue
        score = scores.get(info.code)
        if score is None or not score < threshold:
            continue
        findings.append(_finding(info, score, library))
    findings.sort(key=_order_key)
    return findings


def group_findings(
    findings: Iterable[Finding],
) -> list[tuple[str, list[tuple[int, list[Finding]]]]]:
    """Findings by tool (iit, eit, oit), then indicator ascending, questions by number."""
    grouped: list[tuple[str, list[tuple[int, list[Finding]]]]] = []
    for finding in sorted(findings, key=_order_key):
        if not grouped or grouped[-1][0] != finding.tool:
            grouped.append((finding.tool, []))
        indicators = grouped[-1][1]
        if not indicators or indicators[-1][0] != finding.indicator:
            indicators.append((finding.indicator, []))
        indicators[-1][1].append(finding)
    return grouped
