"""The network page's map: Thailand's provinces (national scope) or a
province's districts (province scope) as SVG shapes, shaded by the mean total
or by the share of agencies passing, with a legend. Pure: names and numbers
in, shapes out.

The shapes come from data/boundaries.json, built by scripts/build-boundaries
from OCHA's boundaries (CC BY 3.0 IGO; NOTICE.md). Agencies spell their
province and district by hand, so names are compared loosely (name_key); an
area whose name matches no shape is never dropped: it is listed under the map
and shaded in a colour table (grid_map) instead."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).parent / "data" / "boundaries.json"
TILE = 22  # the colour table's cell height, pixels
GAP = 2
# Five steps from low to high (a colour-blind-safe sequential ramp), and
# the colour of an area with no agency or no results in the scope.
RAMP = ("#d7301f", "#fc8d59", "#fdcc8a", "#91cf60", "#1a9850")
EMPTY = "#e5e7eb"
# Written before a name, or instead of it, in the agencies' own records.
PREFIXES = ("จังหวัด", "กิ่งอำเภอ", "อำเภอ", "เขต", "จ.", "อ.")
ALIASES = {"กรุงเทพ": "กรุงเทพมหานคร", "กรุงเทพฯ": "กรุงเทพมหานคร", "กทม": "กรุงเทพมหานคร"}
CAPITAL = "เมือง"  # "อำเภอเมือง" alone: the province's capital district
# District names: a font size of the map's width / LABELS_ACROSS (about 10 px on
# a phone), written where a circle of LABEL_ROOM × that size fits, the name no
# wider than LABEL_SPILL × that circle, and clear of the names already written.
LABELS_ACROSS, LABEL_ROOM, LABEL_SPILL = 34, 0.6, 2.2
EM = 0.6  # a Thai letter's width in ems, about (marks above and below take none)


class Area(NamedTuple):
    """An area's number (mean total, or share passing 0–100), its agencies,
    and how many have results: the weight when two spellings of one name
    fall on one shape."""

    value: Decimal | float | None
    agencies: int
    with_results: int = 1


@dataclass(frozen=True)
class Tile:
    name: str
    x: int
    y: int
    fill: str
    value: float | None
    agencies: int


@dataclass(frozen=True)
class LegendStep:
    fill: str
    label: str


@dataclass(frozen=True)
class TileMap:
    """A colour table: the areas no shape was found for, by name in rows."""

    tiles: tuple[Tile, ...]
    width: int
    height: int
    legend: tuple[LegendStep, ...]
    metric: str


@dataclass(frozen=True)
class Shape:
    name: str
    d: str
    fill: str
    value: float | None
    agencies: int
    selected: bool = False
    label: tuple[str, str] | None = None  # x, y where its name is written, if it fits


@dataclass(frozen=True)
class AreaMap:
    shapes: tuple[Shape, ...]
    view_box: str
    legend: tuple[LegendStep, ...]
    metric: str
    missing: TileMap | None  # areas that match no shape, as a colour table
    level: str  # "province" or "district"
    label_size: str = ""  # the names' font size in map units (districts only)


@dataclass(frozen=True)
class Boundary:
    name: str
    pcode: str
    d: str
    label: tuple[float, ...] = ()  # x, y and the room there (a radius), districts only


@dataclass(frozen=True)
class Boundaries:
    view_box: tuple[float, ...]
    provinces: dict[str, Boundary]  # name_key → province
    boxes: dict[str, tuple[float, ...]]  # province pcode → its districts' box
    districts: dict[str, tuple[Boundary, ...]]  # province pcode → districts
    meta: dict[str, object]


def name_key(name: str) -> str:
    """A name as compared with the shapes': no spaces, no "จังหวัด", "อำเภอ"
    or "เขต" before it, sara am in one code point (PDF and Word text often
    has nikhahit + sara aa), the usual short names of Bangkok."""
    text = unicodedata.normalize("NFC", name).replace("\u0e4d\u0e32", "\u0e33")
    text = "".join(text.split())
    for prefix in PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text.removeprefix(prefix)
            break
    text = text.rstrip(".")
    return ALIASES.get(text, text)


@cache
def boundaries() -> Boundaries:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    districts: dict[str, list[Boundary]] = {}
    for d in raw["districts"]:
        districts.setdefault(d["province"], []).append(
            Boundary(d["name"], d["pcode"], d["d"], tuple(d["label"]))
        )
    return Boundaries(
        view_box=tuple(raw["meta"]["viewBox"]),
        provinces={
            name_key(p["name"]): Boundary(p["name"], p["pcode"], p["d"]) for p in raw["provinces"]
        },
        boxes={p["pcode"]: tuple(p["viewBox"]) for p in raw["provinces"]},
        districts={pcode: tuple(rows) for pcode, rows in districts.items()},
        meta=raw["meta"],
    )


def province_names() -> tuple[str, ...]:
    """The 77 provinces as the shapes spell them, sorted."""
    return tuple(sorted(b.name for b in boundaries().provinces.values()))


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


def legend(metric: str) -> tuple[LegendStep, ...]:
    bounds = _bounds(metric)
    unit = "" if metric == "mean" else "%"
    labels = [f"< {bounds[0]:g}{unit}"] + [
        f"{a:g}–{b:g}{unit}" for a, b in pairwise(bounds)
    ] + [f"≥ {bounds[-1]:g}{unit}"]  # fmt: skip
    return tuple(LegendStep(f, label) for f, label in zip(RAMP, labels, strict=True))


def _combined(areas: Sequence[Area]) -> tuple[float | None, int]:
    """One shape's value and agencies from the areas that fell on it (mostly
    one; two when the same place is spelled two ways)."""
    agencies = sum(a.agencies for a in areas)
    valued = [(float(a.value), max(a.with_results, 0)) for a in areas if a.value is not None]
    if not valued:
        return None, agencies
    weight = sum(w for _v, w in valued)
    if weight == 0:
        return sum(v for v, _w in valued) / len(valued), agencies
    return sum(v * w for v, w in valued) / weight, agencies


def _shapes(
    boundaries_: Sequence[Boundary],
    matches: Mapping[str, list[Area]],
    metric: str,
    selected: str,
    label_size: float = 0,
) -> tuple[Shape, ...]:
    spots = _label_spots(boundaries_, label_size) if label_size else {}
    shapes = []
    for b in boundaries_:
        value, agencies = _combined(matches.get(b.pcode, []))
        label = spots.get(b.pcode)
        shapes.append(
            Shape(b.name, b.d, _fill(value, metric), value, agencies, b.pcode == selected, label)
        )
    # The selected shape last, so its outline is drawn over its neighbours'.
    return tuple(sorted(shapes, key=lambda s: s.selected))


def _label_spots(boundaries_: Sequence[Boundary], size: float) -> dict[str, tuple[str, str]]:
    """Where each name that fits is written, roomiest shapes first; a name
    that would be cramped or cross one already written is left out (its
    shape's <title> still names it)."""
    written: list[tuple[float, float, float, float]] = []
    spots = {}
    for b in sorted(boundaries_, key=lambda b: -b.label[2] if b.label else 0):
        if not b.label:
            continue
        x, y, room = b.label
        half = EM * size * sum(unicodedata.category(c) != "Mn" for c in b.name) / 2
        if room < LABEL_ROOM * size or half > LABEL_SPILL * room:
            continue
        box = (x - half, y - 0.6 * size, x + half, y + 0.6 * size)
        if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
               for o in written):  # fmt: skip
            continue
        written.append(box)
        # Numbers as text: the template would localise a float's decimal point.
        spots[b.pcode] = (f"{x:g}", f"{y:g}")
    return spots


def _as_areas(areas: Mapping[str, Area | tuple]) -> dict[str, Area]:
    return {name: Area(*a) for name, a in areas.items()}


def _missing(unmatched: dict[str, Area], metric: str) -> TileMap | None:
    return grid_map(unmatched, metric) if unmatched else None


def province_map(areas: Mapping[str, Area | tuple], metric: str, selected: str = "") -> AreaMap:
    """`areas`: province → Area (or (value, agencies)); every one of the 77
    provinces is drawn, grey without results."""
    data = boundaries()
    matches: dict[str, list[Area]] = {}
    unmatched: dict[str, Area] = {}
    for name, area in _as_areas(areas).items():
        province = data.provinces.get(name_key(name))
        if province is None:
            unmatched[name] = area
        else:
            matches.setdefault(province.pcode, []).append(area)
    chosen = data.provinces.get(name_key(selected)) if selected else None
    return AreaMap(
        shapes=_shapes(
            list(data.provinces.values()), matches, metric, chosen.pcode if chosen else ""
        ),
        view_box=" ".join(f"{n:g}" for n in data.view_box),
        legend=legend(metric),
        metric=metric,
        missing=_missing(unmatched, metric),
        level="province",
    )


def district_map(
    areas: Mapping[str, Area | tuple],
    metric: str,
    provinces: Sequence[str],
    selected: str = "",
) -> AreaMap:
    """`areas`: district → Area, in the scope's `provinces` (one, mostly);
    their districts are drawn, zoomed to them. A district spelled like no
    district of these provinces (or any, when the province itself is not
    found) is listed instead."""
    data = boundaries()
    found = [data.provinces[k] for k in dict.fromkeys(map(name_key, provinces))
             if k in data.provinces]  # fmt: skip
    index: dict[str, list[Boundary]] = {}
    for province in found:
        for district in data.districts.get(province.pcode, ()):
            index.setdefault(name_key(district.name), []).append(district)
        capital = index.get(CAPITAL + name_key(province.name), [])
        index.setdefault(CAPITAL, []).extend(capital)
    matches: dict[str, list[Area]] = {}
    unmatched: dict[str, Area] = {}
    for name, area in _as_areas(areas).items():
        hits = index.get(name_key(name), [])
        if not hits:
            unmatched[name] = area
        for district in hits:
            matches.setdefault(district.pcode, []).append(area)
    chosen = index.get(name_key(selected), []) if selected else []
    drawn = [d for p in found for d in data.districts.get(p.pcode, ())]
    view_box, label_size = "", 0.0
    if found:
        boxes = [data.boxes[p.pcode] for p in found]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        view_box = f"{x0:g} {y0:g} {round(x1 - x0, 1):g} {round(y1 - y0, 1):g}"
        label_size = round((x1 - x0) / LABELS_ACROSS, 2)
    selected_pcode = chosen[0].pcode if len(chosen) == 1 else ""
    shapes = _shapes(drawn, matches, metric, selected_pcode, label_size)
    return AreaMap(
        shapes=shapes,
        view_box=view_box,
        legend=legend(metric),
        metric=metric,
        missing=_missing(unmatched, metric),
        level="district",
        label_size=f"{label_size:g}" if label_size else "",
    )


def grid_map(areas: Mapping[str, Area | tuple], metric: str, columns: int = 8) -> TileMap:
    """Areas shaded the same way but laid out by name in rows: a colour table,
    not a map, for the names no shape was found for."""
    tiles = []
    for i, (name, area) in enumerate(sorted(_as_areas(areas).items())):
        number = None if area.value is None else float(area.value)
        col, row = i % columns, i // columns
        tiles.append(
            Tile(
                name,
                col * (TILE * 3 + GAP),
                row * (TILE + GAP),
                _fill(number, metric),
                number,
                area.agencies,
            )
        )
    rows = (len(tiles) + columns - 1) // columns
    return TileMap(
        tuple(tiles),
        min(len(tiles), columns) * (TILE * 3 + GAP),
        rows * (TILE + GAP),
        legend(metric),
        metric,
    )
