"""2568 and 2569 ship what public sources give, each OIT item with where and
when it was read, and nothing presented as an official text it is not."""

import pytest

from prongsai.framework.diff import predecessors
from prongsai.framework.library import load_shipped_frameworks

SPECS = {spec.year: spec for spec in load_shipped_frameworks()}


@pytest.mark.parametrize("year", [2568, 2569])
def test_every_oit_item_says_where_and_when_its_heading_was_read(year):
    for q in SPECS[year].questions_for_tool("oit"):
        assert q.source is not None, q.code
        assert q.source.url.startswith("https://"), q.code
        assert q.source.seen.isoformat() == "2026-12-04", q.code


@pytest.mark.parametrize("year", [2568, 2569])
def test_no_iit_or_eit_text_is_invented(year):
    spec = SPECS[year]
    survey = [q for q in spec.questions if q.tool != "oit"]
    assert len(survey) == 45
    assert all(q.text is None and q.text_status == "unknown" for q in survey)


def test_2569_is_partial_with_the_oit_items_one_published_page_gives():
    spec = SPECS[2569]
    assert spec.status == "partial"
    assert "นำเข้าไฟล์ทางการ" in spec.sources[0]
    codes = [q.code for q in spec.questions_for_tool("oit")]
    assert codes == [f"o{n}" for n in range(1, 27)]


def test_2569_links_renumbered_items_to_their_2568_code():
    new, old = SPECS[2569], SPECS[2568]
    ethics = new.question("o15")
    assert "จริยธรรม" in (ethics.text or "")
    joined = predecessors(new, old)
    assert joined["o15"] == "o16"
    assert "จริยธรรม" in (old.question("o16").text or "")
    assert joined["o12"] == "o13"


def test_2569_names_the_new_items_on_ita_results_and_the_integrity_measures():
    spec = SPECS[2569]
    assert spec.question("o25").text == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert "ส่งเสริมคุณธรรมและความโปร่งใส" in (spec.question("o26").text or "")
    assert spec.question("o26").indicator == 10


def test_headings_with_the_agencys_own_year_added_are_marked_as_summaries():
    spec = SPECS[2568]
    assert spec.question("o13").text_status == "summary"
    assert "2568" not in (spec.question("o13").text or "")
    assert spec.question("o12").text_status == "confirmed"


def test_2569_makes_no_eit_part_rule_because_none_was_found():
    spec = SPECS[2569]
    assert all(r.min_each_eit_part is None for r in spec.ratings)
    assert any("EIT ส่วนที่ 1" in s for s in spec.sources)
