"""The network page's map: every province has its own tile near where it is,
shaded by the scope's numbers, with a legend; a province's supervisor gets the
same shading by district."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from prongsai.network.map import EMPTY, RAMP, layout, tile_map
from tests.network.test_network import YEAR, _agency, _results, _supervisor


def test_every_province_has_a_tile_of_its_own_and_north_is_up() -> None:
    spots = layout()
    assert len(spots) == 77 and len(set(spots.values())) == 77
    assert spots["เชียงราย"][1] < spots["กรุงเทพมหานคร"][1] < spots["นราธิวาส"][1]
    assert spots["แม่ฮ่องสอน"][0] < spots["อุบลราชธานี"][0]


def test_tiles_are_shaded_by_the_value_and_grey_without_results() -> None:
    drawn = tile_map({"นครปฐม": (Decimal("96.5"), 3), "ตาก": (Decimal(60), 1)}, "mean")
    fills = {t.name: t.fill for t in drawn.tiles}
    assert fills["นครปฐม"] == RAMP[-1] and fills["ตาก"] == RAMP[0]
    assert fills["น่าน"] == EMPTY
    assert [s.label for s in drawn.legend] == ["< 65", "65–75", "75–85", "85–95", "≥ 95"]


def test_a_national_supervisor_sees_the_provinces_shaded_and_can_switch_to_share_passing(
    frameworks: None, login
) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("b", "ตาก", "แม่สอด"), YEAR, 50)
    client = login(_supervisor("dla", "national"))
    page = client.get(reverse("network:index")).content.decode()
    assert 'class="tile-map"' in page and "<title>นครปฐม: 97.0 (1 หน่วยงาน)</title>" in page
    assert "<title>น่าน: ไม่มีผล (0 หน่วยงาน)</title>" in page
    passing = client.get(reverse("network:index"), {"map": "passing"}).content.decode()
    assert "<title>นครปฐม: 100.0% (1 หน่วยงาน)</title>" in passing
    assert "<title>ตาก: 0.0% (1 หน่วยงาน)</title>" in passing


def test_a_province_supervisor_sees_its_districts_as_a_colour_table(
    frameworks: None, login
) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("c", "นครปฐม", "บางเลน"), YEAR, 70)
    page = (
        login(_supervisor("np", "province:นครปฐม")).get(reverse("network:index")).content.decode()
    )
    assert "รายอำเภอ" in page and "<title>บางเลน:" in page and "<title>เชียงราย" not in page
