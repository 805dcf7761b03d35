"""The licence and the third-party notice stay complete as vendored files come and go."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIRS = [ROOT / "prongsai" / "static" / "vendor", ROOT / "tests" / "publishing" / "vendor"]


def test_licence_is_the_full_agpl_version_3_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert text.rstrip().endswith("<https://www.gnu.org/licenses/>.")


def test_every_vendored_file_is_named_in_the_notice():
    notice = (ROOT / "NOTICE.md").read_text(encoding="utf-8")
    vendored = [p for d in VENDOR_DIRS for p in sorted(d.rglob("*")) if p.is_file()]
    assert len(vendored) >= 6  # pico, htmx, axe and their licence files
    missing = [
        str(p.relative_to(ROOT))
        for p in vendored
        if p.name != "README.md" and str(p.relative_to(ROOT)) not in notice
    ]
    assert missing == [], f"vendored files missing from NOTICE.md: {missing}"
