"""The report import reads an uploaded document's text: the time it takes
must grow with the text, not its square, and the page numbers our own PDFs
print ("- 3 -") are still taken out."""

from __future__ import annotations

import time

from prongsai.improvement.report_import import parse_report
from tests.improvement.test_report_import import FROM_SCRATCH


def test_a_text_of_blank_lines_is_read_in_linear_time() -> None:
    # The page-number pattern ran over every following line break from each
    # line start: 160,000 blank lines took 38 s.
    started = time.perf_counter()
    parse_report("\n" * 60_000 + FROM_SCRATCH)
    assert time.perf_counter() - started < 1.0


def test_a_page_number_between_two_steps_is_not_read_as_a_step() -> None:
    text = FROM_SCRATCH.replace(
        "2) จัดทำคู่มือและเผยแพร่บนเว็บไซต์", "- 3 -\n\n2) จัดทำคู่มือและเผยแพร่บนเว็บไซต์"
    )
    first = parse_report(text).measures[0]
    assert first.steps == parse_report(FROM_SCRATCH).measures[0].steps
    assert not any("3 -" in s for s in first.steps)
