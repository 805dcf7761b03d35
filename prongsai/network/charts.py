"""Small charts drawn as SVG numbers for the template: no JS, no image files."""

from __future__ import annotations

from dataclasses import dataclass

from prongsai.network.whatworked import Group, Verdict

WIDTH, ROW, LEFT = 520, 44, 170


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    x: float  # where the bar starts
    width: float
    ci_low: float | None
    ci_high: float | None
    value: float
    positive: bool


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    zero: float
    height: int
    width: int = WIDTH


def chart_bars(verdict: Verdict) -> Chart | None:
    """Mean change of targeted and untargeted questions, with their intervals,
    on one scale around zero."""
    groups: list[tuple[str, Group]] = [
        ("ข้อที่มีมาตรการ", verdict.targeted),
        ("ข้อที่ไม่มีมาตรการ", verdict.untargeted),
    ]
    values = [g.mean_change for _l, g in groups if g.mean_change is not None]
    if not values:
        return None
    ends = [*values, 0.0] + [v for _l, g in groups if g.ci for v in g.ci]
    low, high = min(ends), max(ends)
    span = (high - low) or 1.0
    scale = (WIDTH - LEFT - 20) / span

    def x(v: float) -> float:
        return round(LEFT + (v - low) * scale, 1)

    bars = []
    for i, (label, g) in enumerate(groups):
        if g.mean_change is None:
            continue
        start, end = sorted((x(0), x(g.mean_change)))
        bars.append(
            Bar(
                label=label,
                y=10 + i * ROW,
                x=start,
                width=max(end - start, 1.0),
                ci_low=x(g.ci[0]) if g.ci else None,
                ci_high=x(g.ci[1]) if g.ci else None,
                value=round(g.mean_change, 2),
                positive=g.mean_change >= 0,
            )
        )
    return Chart(bars=tuple(bars), zero=x(0), height=20 + len(groups) * ROW)
