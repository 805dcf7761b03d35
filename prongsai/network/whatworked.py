"""Did the measures move what they aimed at?

"ITA scores rise on paper" is the common complaint. This compares, from ITA year Y
to Y+1, the change of the questions a measure targeted (a weakness of year Y
linked to a measure) with the change of the questions no measure targeted. The
interval is a percentile bootstrap over agencies (over questions when there is
one agency), so one agency with many questions cannot pass for many agencies.

Pure: plain data in, plain data out; the caller gathers the changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from statistics import fmean
from typing import Any

from prongsai.network.measure_kinds import LABELS

MIN_QUESTIONS = 5  # fewer targeted or untargeted questions than this: too little data
BOOTSTRAP_ROUNDS = 2000


@dataclass(frozen=True)
class Change:
    agency: int
    code: str  # in year Y
    indicator: int
    change: float  # score in Y+1 minus score in Y
    targeted: bool
    # Below the agency's threshold in year Y. Measures aim at weak questions,
    # and low scores rise anyway next year (regression to the mean, and the
    # ceiling at 100 holds the strong ones back); comparing targeted questions
    # with untargeted ones that were just as weak removes most of that bias.
    weak: bool = False
    # Kinds of the measures that targeted it (network.measure_kinds).
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    n: int
    mean_change: float | None
    ci: tuple[float, float] | None

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "mean_change": None if self.mean_change is None else round(self.mean_change, 2),
            "ci": None if self.ci is None else [round(self.ci[0], 2), round(self.ci[1], 2)],
        }


@dataclass(frozen=True)
class Verdict:
    targeted: Group
    untargeted: Group
    effect: Group  # targeted minus untargeted
    by_indicator: tuple[tuple[int, Group, Group], ...]
    enough: bool
    agencies: int
    # The same comparison among questions below the threshold only (None when
    # the caller did not say which were weak).
    like_for_like: Verdict | None = None
    # Per kind of measure: the questions a measure of that kind targeted
    # against every untargeted question.
    by_kind: tuple[tuple[str, Verdict], ...] = ()

    @property
    def message(self) -> str:
        if not self.enough:
            return (
                f"ข้อมูลไม่พอ: ต้องมีข้อที่มีมาตรการและไม่มีมาตรการอย่างน้อยกลุ่มละ {MIN_QUESTIONS} ข้อ "
                f"(มี {self.targeted.n} และ {self.untargeted.n} ข้อ)"
            )
        assert self.effect.mean_change is not None and self.effect.ci is not None
        low, high = self.effect.ci
        if low > 0:
            return (
                f"ข้อที่มีมาตรการเพิ่มขึ้นมากกว่าข้อที่ไม่มี {self.effect.mean_change:.2f} คะแนน "
                f"(ช่วงความเชื่อมั่น 95% {low:.2f} ถึง {high:.2f})"
            )
        if high < 0:
            return (
                f"ข้อที่มีมาตรการเพิ่มขึ้นน้อยกว่าข้อที่ไม่มี {-self.effect.mean_change:.2f} คะแนน "
                f"(ช่วงความเชื่อมั่น 95% {low:.2f} ถึง {high:.2f})"
            )
        return (
            f"ยังบอกไม่ได้ว่ามาตรการทำให้คะแนนต่างไป: ผลต่าง {self.effect.mean_change:.2f} คะแนน "
            f"(ช่วงความเชื่อมั่น 95% {low:.2f} ถึง {high:.2f} คร่อมศูนย์)"
        )

    def as_json(self) -> dict[str, Any]:
        lfl = self.like_for_like
        return {
            "like_for_like": None
            if lfl is None
            else {
                "targeted": lfl.targeted.as_json(),
                "untargeted": lfl.untargeted.as_json(),
                "effect": lfl.effect.as_json(),
                "enough": lfl.enough,
                "message": lfl.message,
            },
            "targeted": self.targeted.as_json(),
            "untargeted": self.untargeted.as_json(),
            "effect": self.effect.as_json(),
            "enough": self.enough,
            "agencies": self.agencies,
            "message": self.message,
            "by_kind": [
                {
                    "kind": kind,
                    "label": LABELS.get(kind, kind),
                    "targeted": v.targeted.as_json(),
                    "effect": v.effect.as_json(),
                    "enough": v.enough,
                }
                for kind, v in self.by_kind
            ],
            "by_indicator": [
                {"indicator": n, "targeted": t.as_json(), "untargeted": u.as_json()}
                for n, t, u in self.by_indicator
            ],
        }


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def _percentiles(samples: list[float]) -> tuple[float, float] | None:
    if not samples:
        return None
    samples.sort()
    last = len(samples) - 1
    return samples[round(0.025 * last)], samples[round(0.975 * last)]


def _units(changes: Sequence[Change]) -> list[list[Change]]:
    """The resampling units: agencies, or single questions for one agency."""
    by_agency: dict[int, list[Change]] = defaultdict(list)
    for c in changes:
        by_agency[c.agency].append(c)
    if len(by_agency) > 1:
        return list(by_agency.values())
    return [[c] for c in changes]


def _bootstrap(changes: Sequence[Change], seed: int) -> dict[str, list[float]]:
    """Bootstrap means of the targeted and untargeted changes and of their
    difference. Each unit is reduced to four sums first, so a round costs one
    pass over the units, not over every question (8,000 agencies stay quick)."""
    import numpy as np  # only this page needs it

    units = _units(changes)
    out: dict[str, list[float]] = {"targeted": [], "untargeted": [], "effect": []}
    if not units:
        return out
    sums = np.array(
        [
            [
                sum(c.change for c in unit if c.targeted),
                sum(1 for c in unit if c.targeted),
                sum(c.change for c in unit if not c.targeted),
                sum(1 for c in unit if not c.targeted),
            ]
            for unit in units
        ],
        dtype=float,
    )
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // len(units))  # bounded memory per step
    for start in range(0, BOOTSTRAP_ROUNDS, chunk):
        rounds = min(chunk, BOOTSTRAP_ROUNDS - start)
        picked = sums[rng.integers(0, len(units), size=(rounds, len(units)))].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = picked[:, 0] / picked[:, 1]
            u = picked[:, 2] / picked[:, 3]
        out["targeted"] += [float(v) for v in t[~np.isnan(t)]]
        out["untargeted"] += [float(v) for v in u[~np.isnan(u)]]
        both = ~np.isnan(t) & ~np.isnan(u)
        out["effect"] += [float(v) for v in (t - u)[both]]
    return out


def _group(values: list[float], samples: list[float], enough: bool) -> Group:
    return Group(len(values), _mean(values), _percentiles(samples) if enough else None)


def what_worked(changes: Sequence[Change], *, seed: int = 2569) -> Verdict:
    verdict = _verdict(changes, seed)
    kinds = sorted({k for c in changes if c.targeted for k in c.kinds})
    by_kind = tuple(
        (kind, _verdict([c for c in changes if not c.targeted or kind in c.kinds], seed + 2 + i))
        for i, kind in enumerate(kinds)
    )
    weak = [c for c in changes if c.weak]
    return replace(
        verdict, by_kind=by_kind, like_for_like=_verdict(weak, seed + 1) if weak else None
    )


def _verdict(changes: Sequence[Change], seed: int) -> Verdict:
    # A fixed seed: the same data gives the same interval on every page view.
    targeted = [c.change for c in changes if c.targeted]
    untargeted = [c.change for c in changes if not c.targeted]
    enough = len(targeted) >= MIN_QUESTIONS and len(untargeted) >= MIN_QUESTIONS
    samples = (
        _bootstrap(changes, seed) if enough else {"targeted": [], "untargeted": [], "effect": []}
    )
    t_mean, u_mean = _mean(targeted), _mean(untargeted)
    effect_mean = t_mean - u_mean if t_mean is not None and u_mean is not None else None
    effect = Group(
        min(len(targeted), len(untargeted)),
        effect_mean,
        _percentiles(samples["effect"]) if enough else None,
    )
    by_indicator = []
    for n in sorted({c.indicator for c in changes}):
        part = [c for c in changes if c.indicator == n]
        t = [c.change for c in part if c.targeted]
        u = [c.change for c in part if not c.targeted]
        part_enough = len(t) >= MIN_QUESTIONS and len(u) >= MIN_QUESTIONS
        sub = _bootstrap(part, seed + n) if part_enough else {"targeted": [], "untargeted": []}
        by_indicator.append(
            (n, _group(t, sub["targeted"], part_enough), _group(u, sub["untargeted"], part_enough))
        )
    return Verdict(
        targeted=_group(targeted, samples["targeted"], enough),
        untargeted=_group(untargeted, samples["untargeted"], enough),
        effect=effect,
        by_indicator=tuple(by_indicator),
        enough=enough,
        agencies=len({c.agency for c in changes}),
    )
