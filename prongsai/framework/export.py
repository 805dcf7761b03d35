"""A framework year as the YAML file people edit (``data/ita-YYYY.yaml``): the
shipped files are exactly this output, so an exported year diffs cleanly
against them. Reading the files back is ``library.parse_framework_text``."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from prongsai.framework.schema import FrameworkSpec


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if re.fullmatch(r"-?[0-9]+", text) else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(tuple, lambda d, v: d.represent_list(list(v)))


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def framework_to_yaml(spec: FrameworkSpec) -> str:
    """The file text for ``spec``: parsing it gives ``spec`` back. Used to export a
    year for editing, so it is laid out for people (comments before each indicator)."""
    data = spec.model_dump(mode="python", exclude_defaults=True)
    questions = data.pop("questions", [])
    header = [
        f"# กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. {spec.year} (status: {spec.status})",
        "# วิธีเขียนไฟล์นี้: prongsai/framework/data/README.md",
    ]
    chunks = ["\n".join(header) + "\n"]
    chunks.append(_dump({k: data.pop(k) for k in ("schema_version", "year", "title", "status")}))
    for key in list(data):
        chunks.append(_dump({key: data.pop(key)}))
    lines = ["questions:"] if questions else ["questions: []"]
    shown: tuple[int, str | None] | None = None
    for q in questions:
        where = (q["indicator"], q.get("sub_indicator"))
        if where != shown:
            ind = spec.indicator(q["indicator"])
            title = f"ตัวชี้วัดที่ {ind.number} {ind.name} ({ind.tool.upper()})"
            if where[1]:
                title += f" — ตัวชี้วัดย่อย {where[1]} {spec.sub_indicator(where[1]).name}"
            lines += ["", f"  # {title}"]
            shown = where
        lines += ["  " + line for line in _dump([q]).splitlines()]
    chunks.append("\n".join(lines) + "\n")
    return "\n".join(chunks)
