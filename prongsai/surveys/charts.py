"""Charts of satisfaction and of collection progress, drawn with matplotlib ≥ 3.11
(which shapes Thai correctly; thai-documents.md §6) in Sarabun.

The object API is used, not pyplot, under a lock; results are cached by content.
PNG for web pages and DOCX, SVG (text as paths) for the typst PDF.
"""

from __future__ import annotations

import io
import threading
from datetime import date
from decimal import Decimal
from functools import lru_cache

from prongsai.documents.charts import wrap_label
from prongsai.documents.fonts import register_matplotlib
from prongsai.lib.thai import Digits, thai_date, with_digits

BAR = "#3a6ea5"
TARGET = "#b3261e"
WRAP_AT = 34
_lock = threading.Lock()


def _save(fig: object, fmt: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # type: ignore[arg-type]
    out = io.BytesIO()
    canvas.print_figure(out, format=fmt, dpi=200, bbox_inches="tight")
    return out.getvalue()


def satisfaction_chart(
    bars: tuple[tuple[str, Decimal | None], ...], digits: Digits = "arabic", fmt: str = "png"
) -> bytes:
    """Horizontal bars: mean satisfaction (1–5) per label."""
    key = tuple((label, None if v is None else str(v)) for label, v in bars)
    return _satisfaction_chart(key, digits, fmt)


@lru_cache(maxsize=64)
def _satisfaction_chart(
    bars: tuple[tuple[str, str | None], ...], digits: Digits, fmt: str
) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure

    with _lock:
        family = register_matplotlib()
        with matplotlib.rc_context(
            {"font.family": family, "font.size": 10, "svg.fonttype": "path"}
        ):
            height = (
                0.9
                + 0.48 * max(len(bars), 1)
                + 0.12 * sum(wrap_label(b[0], WRAP_AT).count("\n") for b in bars)
            )
            fig = Figure(figsize=(6.1, height))
            ax = fig.add_subplot()
            labels = [wrap_label(label, WRAP_AT) for label, _v in bars][::-1]
            values = [float(v) if v is not None else 0.0 for _l, v in bars][::-1]
            ax.barh(labels, values, color=BAR, height=0.6)
            for y, (value, raw) in enumerate(zip(values, [v for _l, v in bars][::-1], strict=True)):
                text = "—" if raw is None else with_digits(f"{value:.2f}", digits)
                ax.text(value + 0.05, y, text, va="center", fontsize=9)
            ax.set_xlim(0, 5.4)
            ax.set_xticks([0, 1, 2, 3, 4, 5], [with_digits(str(n), digits) for n in range(6)])
            ax.set_xlabel(with_digits("ค่าเฉลี่ยความพึงพอใจ (เต็ม 5)", digits))
            ax.spines[["top", "right"]].set_visible(False)
            ax.grid(axis="x", color="#e7eaf0")
            ax.set_axisbelow(True)
            return _save(fig, fmt)


def progress_chart(
    series: tuple[tuple[date, int], ...], target: int | None, digits: Digits = "arabic"
) -> bytes:
    """Cumulative responses by date against the target (PNG)."""
    return _progress_chart(series, target, digits)


@lru_cache(maxsize=64)
def _progress_chart(
    series: tuple[tuple[date, int], ...], target: int | None, digits: Digits
) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure

    with _lock:
        family = register_matplotlib()
        with matplotlib.rc_context({"font.family": family, "font.size": 10}):
            fig = Figure(figsize=(6.1, 2.8))
            ax = fig.add_subplot()
            first = series[0][0] if series else None
            xs = [(d - first).days for d, _n in series] if first else []
            ax.plot(xs, [n for _d, n in series], marker="o", color=BAR, label="จำนวนผู้ตอบสะสม")
            if target:
                ax.axhline(
                    target,
                    color=TARGET,
                    linestyle="--",
                    label=with_digits(f"เป้าหมาย {target} คน", digits),
                )
            ax.set_xticks(
                xs,
                [thai_date(d, digits=digits, short=True) for d, _n in series],
                rotation=30,
                ha="right",
            )
            ax.set_ylim(0, max([target or 0, *[n for _d, n in series], 1]) * 1.15)
            ax.spines[["top", "right"]].set_visible(False)
            ax.legend(loc="lower right", frameon=False)
            return _save(fig, "png")
