"""The network page's map: the 77 provinces (national scope) or a province's
districts (province scope) drawn from shipped boundaries, shaded by the
scope's numbers, with a legend; a name that matches no shape is listed under
the map and kept in a colour table, never dropped."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from django.urls import reverse

from prongsai.network.map import (
    DATA,
    EMPTY,
    RAMP,
    Area,
    boundaries,
    district_map,
    name_key,
    province_map,
)
from prongsai.network.synthetic import PROVINCES
from tests.network.test_network import YEAR, _agency, _results, _supervisor


def test_the_shipped_boundaries_hold_77_provinces_and_928_districts_and_say_where_from() -> None:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(raw["provinces"]) == 77 and len(raw["districts"]) == 928
    pcodes = {p["pcode"] for p in raw["provinces"]}
    assert {d["province"] for d in raw["districts"]} == pcodes
    assert all(re.fullmatch(r"M[-\d. l]+z(M[-\d. l]+z)*", s["d"])
               for s in raw["provinces"] + raw["districts"])  # fmt: skip
    meta = raw["meta"]
    assert "CC BY 3.0 IGO" in meta["licence"] and "humdata.org" in meta["source"]
    assert "mapthai" in meta["simplified_by"] and meta["date"] == "2019-02-18"
    assert [len(i["sha256"]) for i in meta["inputs"]] == [64, 64]
    assert all(len(d["label"]) == 3 and d["label"][2] > 0 for d in raw["districts"])
    assert DATA.stat().st_size < 400_000


def test_every_province_of_the_synthetic_country_has_a_shape() -> None:
    drawn = province_map({name: Area(80, 1) for name in PROVINCES}, "mean")
    assert drawn.missing is None and len(PROVINCES) == 77
    assert all(s.value == 80 for s in drawn.shapes)


def test_every_province_and_district_of_the_demo_has_a_shape(demo: None) -> None:
    from prongsai.agencies.models import Agency

    places = set(Agency.objects.values_list("province", "district"))
    assert places
    for province, district in places:
        assert province_map({province: Area(80, 1)}, "mean").missing is None, province
        assert district_map({district: Area(80, 1)}, "mean", [province]).missing is None, district


def test_names_match_without_prefixes_spaces_or_a_split_sara_am() -> None:
    assert name_key("จังหวัด นครปฐม") == name_key("นครปฐม")
    assert name_key("อำเภอบางเลน") == name_key("อ.บางเลน") == "บางเลน"
    assert name_key("เขตบางรัก") == "บางรัก" and name_key("กรุงเทพฯ") == "กรุงเทพมหานคร"
    assert name_key("อ\u0e4d\u0e32นาจเจริญ") == "อำนาจเจริญ"
    assert name_key("สนามชัยเขต") == "สนามชัยเขต"  # เขต at the end is part of the name
    bangkok = district_map({"เขตบางรัก": Area(96, 2)}, "mean", ["กรุงเทพมหานคร"])
    assert len(bangkok.shapes) == 50 and bangkok.missing is None
    assert [s.name for s in bangkok.shapes if s.value] == ["บางรัก"]


def test_a_district_written_only_as_mueang_is_the_capital_district() -> None:
    drawn = district_map({"อำเภอเมือง": Area(90, 1)}, "mean", ["นครปฐม"])
    assert drawn.missing is None
    assert [s.name for s in drawn.shapes if s.value] == ["เมืองนครปฐม"]


def test_shapes_are_shaded_by_the_value_and_grey_without_results() -> None:
    drawn = province_map({"นครปฐม": (Decimal("96.5"), 3), "ตาก": (Decimal(60), 1)}, "mean")
    fills = {s.name: s.fill for s in drawn.shapes}
    assert len(fills) == 77
    assert fills["นครปฐม"] == RAMP[-1] and fills["ตาก"] == RAMP[0]
    assert fills["น่าน"] == EMPTY
    assert [s.label for s in drawn.legend] == ["< 65", "65–75", "75–85", "85–95", "≥ 95"]
    passing = province_map({"นครปฐม": (50, 3)}, "passing")
    assert {s.name: s.fill for s in passing.shapes}["นครปฐม"] == RAMP[2]
    assert passing.legend[-1].label == "≥ 80%"


def test_two_spellings_of_one_district_are_one_shape_weighted_by_results() -> None:
    drawn = district_map(
        {"บางเลน": Area(90, 3, 3), "อำเภอบางเลน": Area(70, 2, 1)}, "mean", ["นครปฐม"]
    )
    (bang_len,) = [s for s in drawn.shapes if s.name == "บางเลน"]
    assert bang_len.value == 85 and bang_len.agencies == 5


def test_a_name_that_matches_no_shape_is_listed_with_its_colour() -> None:
    drawn = district_map(
        {"สามพราน": Area(95, 1), "หนองใหม่ (สมมติ)": Area(60, 2)}, "mean", ["นครปฐม"]
    )
    assert drawn.missing is not None
    assert [(t.name, t.fill, t.agencies) for t in drawn.missing.tiles] == [
        ("หนองใหม่ (สมมติ)", RAMP[0], 2)
    ]
    nowhere = district_map({"สามพราน": Area(95, 1)}, "mean", ["นครปฐมม"])
    assert nowhere.shapes == () and nowhere.missing is not None
    assert [t.name for t in nowhere.missing.tiles] == ["สามพราน"]


def test_a_district_map_zooms_to_its_province() -> None:
    data = boundaries()
    drawn = district_map({}, "mean", ["นครปฐม"])
    box = data.boxes[data.provinces["นครปฐม"].pcode]
    assert drawn.view_box == " ".join(f"{n:g}" for n in box)
    assert len(drawn.shapes) == 7
    assert [float(n) for n in drawn.view_box.split()][2] < data.view_box[2] / 10


def test_a_district_map_writes_the_names_that_fit_and_leaves_out_the_cramped_ones() -> None:
    nakhon_pathom = district_map({}, "mean", ["นครปฐม"])
    assert all(s.label for s in nakhon_pathom.shapes) and nakhon_pathom.label_size
    bangkok = district_map({}, "mean", ["กรุงเทพมหานคร"])
    written = [s for s in bangkok.shapes if s.label]
    assert 10 < len(written) < 50  # the small inner districts keep only their <title>
    assert all(s.label is None for s in province_map({}, "mean").shapes)


def test_the_district_the_table_is_filtered_to_is_outlined_on_top() -> None:
    drawn = district_map({}, "mean", ["นครปฐม"], selected="อำเภอบางเลน")
    assert [s.name for s in drawn.shapes if s.selected] == ["บางเลน"]
    assert drawn.shapes[-1].name == "บางเลน"


def test_a_national_supervisor_sees_the_provinces_shaded_and_can_switch_to_share_passing(
    frameworks: None, login
) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("b", "ตาก", "แม่สอด"), YEAR, 50)
    client = login(_supervisor("dla", "national"))
    page = client.get(reverse("network:index")).content.decode()
    assert 'class="area-map province"' in page and page.count("<path d=") == 77
    assert f'fill="{RAMP[-1]}"><title>นครปฐม: 97.0 (1 หน่วยงาน)</title>' in page
    assert "<title>น่าน: ไม่มีผล (0 หน่วยงาน)</title>" in page
    assert 'role="img" aria-labelledby="map-title"' in page and "แผนที่รายจังหวัด</title>" in page
    assert "ขอบเขต: OCHA / กรมแผนที่ทหาร (CC BY 3.0 IGO)" in page
    assert "ไม่พบบนแผนที่" not in page
    passing = client.get(reverse("network:index"), {"map": "passing"}).content.decode()
    assert "<title>นครปฐม: 100.0% (1 หน่วยงาน)</title>" in passing
    assert "<title>ตาก: 0.0% (1 หน่วยงาน)</title>" in passing


def test_a_province_supervisor_sees_the_districts_of_their_province_only(
    frameworks: None, login
) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("c", "นครปฐม", "อำเภอบางเลน"), YEAR, 50)
    _results(_agency("far", "เชียงใหม่", "แม่ริม"), YEAR, 80)
    client = login(_supervisor("np", "province:นครปฐม"))
    page = client.get(reverse("network:index")).content.decode()
    assert 'class="area-map district"' in page and page.count("<path d=") == 7
    assert f'fill="{RAMP[1]}"><title>บางเลน: 70.0 (1 หน่วยงาน)</title>' in page
    assert "<title>กำแพงแสน: ไม่มีผล (0 หน่วยงาน)</title>" in page
    assert re.search(r'<text x="[\d.]+" y="[\d.]+">บางเลน</text>', page)
    assert 'class="selected"' not in page
    filtered = client.get(reverse("network:index"), {"district": "สามพราน"}).content.decode()
    assert 'class="selected"><title>สามพราน:' in filtered
    assert "แม่ริม" not in page and "<title>เชียงราย" not in page
    assert "ไม่พบบนแผนที่" not in page


def test_a_district_that_matches_no_shape_is_listed_under_the_map(frameworks: None, login) -> None:
    _results(_agency("a", "นครปฐม", "สามพราน"), YEAR, 95)
    _results(_agency("x", "นครปฐม", "บ้านใหม่ (สมมติ)"), YEAR, 30)
    page = (
        login(_supervisor("np", "province:นครปฐม")).get(reverse("network:index")).content.decode()
    )
    assert "ไม่พบบนแผนที่: บ้านใหม่ (สมมติ)</p>" in page
    assert f'fill="{RAMP[0]}"><title>บ้านใหม่ (สมมติ): 58.0 (1 หน่วยงาน)</title>' in page
    assert page.count("<path d=") == 7
