"""The "คะแนนรายตัวชี้วัด" chart: indicator scores against the pass mark.

matplotlib ≥ 3.11 shapes Thai correctly (it bundles libraqm; 3.10 stacks the
tone marks wrongly). The object API is used, not pyplot, so nothing global is
left behind; rc settings are applied in an rc_context under a lock. Drawing
takes a few hundred milliseconds, more than the whole typst compile, so the
PNG is cached by the data it shows.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from . import chart_cache
from .data import ChartBar, Digits
from .fonts import register_matplotlib
from .text import number, prepare, score

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 200
WIDTH_IN = 6.1  # the text width of the page (15.5 cm), so 1 chart pt = 1 printed pt
PASS_COLOUR = "#3a6ea5"
BELOW_COLOUR = "#e07b24"
NO_DATA = "ไม่มีข้อมูล"
WRAP_AT = 40  # characters; longer labels are wrapped at a space

_draw_lock = threading.Lock()


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    width_in: float
    height_in: float


def wrap_label(label: str, at: int = WRAP_AT) -> str:
    """`label` broken at spaces into lines of about `at` characters; a label
    without a space stays whole (Thai has no spaces between words to cut at)."""
    if len(label) <= at or " " not in label:
        return label
    lines: list[str] = []
    current = ""
    for word in label.split(" "):
        if current and len(current) + 1 + len(word) > at:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


def score_chart(bars: tuple[ChartBar, ...], pass_mark: Decimal, digits: Digits) -> ChartImage:
    """The chart as a PNG at 200 dpi (cached by its content)."""
    key = tuple((bar.label, None if bar.score is None else str(bar.score)) for bar in bars)
    return _cached_chart(key, str(pass_mark), digits)


@lru_cache(maxsize=64)
def _cached_chart(
    bars: tuple[tuple[str, str | None], ...], pass_mark: str, digits: Digits
) -> ChartImage:
    # Also on disk, so a fresh process (`prongsai report`) needs no matplotlib.
    name = chart_cache.key([bars, pass_mark, digits, DPI, WIDTH_IN])
    stored = chart_cache.load(name)
    if stored is not None:
        height, _, png = stored.partition(b"\n")
        if png.startswith(b"\x89PNG"):
            try:
                return ChartImage(png=png, width_in=WIDTH_IN, height_in=float(height))
            except ValueError:
                pass  # not ours: draw it again
    with _draw_lock:
        image = _draw(bars, Decimal(pass_mark), digits)
    chart_cache.store(name, repr(image.height_in).encode() + b"\n" + image.png)
    return image


def _draw(
    bars: tuple[tuple[str, str | None], ...], pass_mark: Decimal, digits: Digits
) -> ChartImage:
    import matplotlib

    with matplotlib.rc_context({"font.family": register_matplotlib(), "font.size": 10}):
        fig, height = build_figure(bars, pass_mark, digits)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
    return ChartImage(png=buf.getvalue(), width_in=WIDTH_IN, height_in=height)


def build_figure(
    bars: tuple[tuple[str, str | None], ...], pass_mark: Decimal, digits: Digits
) -> tuple[Figure, float]:
    """The chart as a matplotlib figure (call inside the rc_context of `_draw`)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    labels = [wrap_label(prepare(label, digits)) for label, _ in bars]
    values = [None if raw is None else Decimal(raw) for _, raw in bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    # Compact enough that the heading, chart and caption of ten indicators
    # (~390 pt) fit under the o42's opening paragraphs on page 1.
    height = 0.8 + 0.22 * max(lines, len(bars)) + 0.06 * len(bars)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ys = list(range(len(bars)))
    widths = [0.0 if v is None else float(v) for v in values]
    colours = [PASS_COLOUR if v is not None and v >= pass_mark else BELOW_COLOUR for v in values]
    ax.barh(ys, widths, height=0.62, color=colours, zorder=2)
    for y, value in zip(ys, values, strict=True):
        if value is None:
            ax.text(1, y, NO_DATA, va="center", ha="left", color="#666666", fontsize=9)
        else:
            text_x = min(float(value), 100.0)
            ax.text(
                text_x + 1,
                y,
                score(value, digits),
                va="center",
                ha="left",
                fontsize=9,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
            )
    ax.axvline(float(pass_mark), color="#c0392b", linestyle=(0, (5, 3)), lw=1.2, zorder=3)
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(int(x), digits)))
    ax.set_xlabel(f"คะแนน (เต็ม {number(100, digits)})")
    ax.grid(axis="x", color="#dddddd", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    mark = prepare(f"{pass_mark:g}", digits)
    legend = [
        Patch(color=PASS_COLOUR, label=f"ผ่านเกณฑ์ ({mark} คะแนนขึ้นไป)"),
        Patch(color=BELOW_COLOUR, label=f"ต่ำกว่าเกณฑ์ {mark} คะแนน"),
        Line2D([], [], color="#c0392b", linestyle=(0, (5, 3)), label=f"เกณฑ์ผ่าน {mark}"),
    ]
    fig.legend(handles=legend, loc="outside lower center", ncols=3, frameon=False)
    return fig, height
