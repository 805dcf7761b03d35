"""The chart's PNG kept on disk between processes, in a folder only its owner can use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from prongsai.documents import chart_cache, charts
from prongsai.documents.data import ChartBar

BARS = (ChartBar("การเปิดเผยข้อมูล", Decimal("79.27")), ChartBar("การใช้งบประมาณ", None))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "charts"
    monkeypatch.setenv(chart_cache.ENV, str(folder))
    charts._cached_chart.cache_clear()
    yield folder
    charts._cached_chart.cache_clear()


def test_a_chart_drawn_once_is_read_back_by_a_fresh_process_without_drawing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = charts.score_chart(BARS, Decimal(85), "thai")
    assert len(list(cache_dir.glob("*.bin"))) == 1
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    charts._cached_chart.cache_clear()  # as in a new process

    def no_drawing(*args: object) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr(charts, "_draw", no_drawing)
    again = charts.score_chart(BARS, Decimal(85), "thai")
    assert again == first
    with pytest.raises(AssertionError, match="drawn again"):
        charts.score_chart(BARS, Decimal(85), "arabic")  # other digits: other pixels


def test_a_folder_others_can_write_to_or_a_link_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    monkeypatch.setenv(chart_cache.ENV, str(shared))
    assert chart_cache.folder() is None
    chart_cache.store("x", b"data")
    assert list(shared.iterdir()) == []
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(private)
    monkeypatch.setenv(chart_cache.ENV, str(link))
    assert chart_cache.folder() is None
    monkeypatch.setenv(chart_cache.ENV, "off")
    assert chart_cache.folder() is None


def test_a_damaged_file_is_a_miss_not_a_failure(cache_dir: Path) -> None:
    first = charts.score_chart(BARS, Decimal(85), "thai")
    (stored,) = cache_dir.glob("*.bin")
    stored.write_bytes(b"garbage")
    charts._cached_chart.cache_clear()
    assert charts.score_chart(BARS, Decimal(85), "thai").png == first.png
