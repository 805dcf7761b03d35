"""The network page's map: Thailand's 77 provinces as a tile map (one square
per province, where the province is), shaded by the mean total or by the share
of agencies passing, drawn as SVG on the server. Pure: names and numbers in,
shapes out. Where the tiles come from: data/provinces.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "provinces.yaml"
STEP = 0.62  # degrees per tile: the densest part (around Bangkok) stays readable
TILE = 22  # pixels
GAP = 2
# Five steps from low to high (a colour-blind-safe sequential ramp), and
# the colour of a province with no agency or no results in the scope.
RAMP = ("#d7301f", "#fc8d59", "#fdcc8a", "#91cf60", "#1a9850")
EMPTY = "#e5e7eb"


@dataclass(frozen=True)
class Tile:
    name: str
    x: int
    y: int
    fill: str
    value: float | None
    agencies: int
    selected: bool = False


@dataclass(frozen=True)
class LegendStep:
    fill: str
    label: str


@dataclass(frozen=True)
class TileMap:
    tiles: tuple[Tile, ...]
    width: int
    height: int
    legend: tuple[LegendStep, ...]
    metric: str


@cache
def layout() -> dict[str, tuple[int, int]]:
    """Province → (column, row). Each seat is snapped to the grid; a province
    whose square is taken moves to the nearest free one (north to south, so
    the result is the same on every run)."""
    coords = yaml.safe_load(DATA.read_text(encoding="utf-8"))["provinces"]
    north, west = max(c[0] for c in coords.values()), min(c[1] for c in coords.values())
    taken: dict[tuple[int, int], str] = {}
    placed: dict[str, tuple[int, int]] = {}
    for name, (lat, lon) in sorted(coords.items(), key=lambda kv: (-kv[1][0], kv[1][1])):
        want = (round((lon - west) / STEP), round((north - lat) / STEP))
        spot = min(
            (
                (want[0] + dx, want[1] + dy)
                for dx in range(-4, 5)
                for dy in range(-4, 5)
                if (want[0] + dx, want[1] + dy) not in taken
                and want[0] + dx >= 0
                and want[1] + dy >= 0
            ),
            key=lambda s: ((s[0] - want[0]) ** 2 + (s[1] - want[1]) ** 2, s[1], s[0]),
        )
        taken[spot] = name
        placed[name] = spot
    return placed


def _bounds(metric: str) -> tuple[float, ...]:
    # Mean totals: the NACC's grade steps; shares passing: fifths.
    return (65, 75, 85, 95) if metric == "mean" else (20, 40, 60, 80)


def _fill(value: float | None, metric: str) -> str:
    if value is None:
        return EMPTY
    for fill, bound in zip(RAMP, _bounds(metric), strict=False):
        if value < bound:
            return fill
    return RAMP[-1]


def tile_map(
    areas: dict[str, tuple[Decimal | float | None, int]], metric: str, selected: str = ""
) -> TileMap:
    """`areas`: province → (value, agencies); value is the mean total or the
    share passing (0–100) as `metric` says ("mean" or "passing")."""
    spots = layout()
    tiles = []
    for name, (col, row) in spots.items():
        value, agencies = areas.get(name, (None, 0))
        number = None if value is None else float(value)
        tiles.append(
            Tile(
                name=name,
                x=col * (TILE + GAP),
                y=row * (TILE + GAP),
                fill=_fill(number, metric),
                value=number,
                agencies=agencies,
                selected=name == selected,
            )
        )
    width = (max(c for c, _r in spots.values()) + 1) * (TILE + GAP)
    height = (max(r for _c, r in spots.values()) + 1) * (TILE + GAP)
    bounds = _bounds(metric)
    unit = "" if metric == "mean" else "%"
    labels = [f"< {bounds[0]:g}{unit}"] + [
        f"{a:g}–{b:g}{unit}" for a, b in pairwise(bounds)
    ] + [f"≥ {bounds[-1]:g}{unit}"]  # fmt: skip
    legend = tuple(LegendStep(f, label) for f, label in zip(RAMP, labels, strict=True))
    return TileMap(tuple(tiles), width, height, legend, metric)


def grid_map(
    areas: dict[str, tuple[Decimal | float | None, int]], metric: str, columns: int = 8
) -> TileMap:
    """Districts of a province, shaded the same way but laid out by name in
    rows (no positions for districts are shipped): a colour table, not a map."""
    tiles = []
    for i, (name, (value, agencies)) in enumerate(sorted(areas.items())):
        number = None if value is None else float(value)
        col, row = i % columns, i // columns
        tiles.append(
            Tile(
                name,
                col * (TILE * 3 + GAP),
                row * (TILE + GAP),
                _fill(number, metric),
                number,
                agencies,
            )
        )
    rows = (len(tiles) + columns - 1) // columns
    base = tile_map({}, metric)
    return TileMap(
        tuple(tiles),
        min(len(tiles), columns) * (TILE * 3 + GAP),
        rows * (TILE + GAP),
        base.legend,
        metric,
    )
