"""Loading and checking framework files (``data/ita-YYYY.yaml``).

The people who write these files are ITA officers, not programmers, so every
problem becomes one ``FrameworkFileError`` in Thai that names the file, the item
(question code, indicator, …), the field and, when we can find it, the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

# Re-exported: the file's other direction, written for people (framework/export.py).
from prongsai.framework.export import framework_to_yaml as framework_to_yaml
from prongsai.framework.schema import (
    FrameworkSpec,
    GradeBand,
    IndicatorSpec,
    ItemSource,
    PartSpec,
    QuestionSpec,
    RatingRule,
    SubIndicatorSpec,
    ToolInfo,
    Weights,
    canonical_code,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
_FILE_NAME_RE = re.compile(r"ita-([0-9]{4})\.ya?ml")

Loc = tuple[str | int, ...]

FILLED_NOTE = "ข้อความเติมจากข้อมูลที่นำเข้า"


class FrameworkFileError(ValueError):
    """A problem in a framework file, said in Thai for the person who wrote it.

    ``item`` is a label such as ``"ข้อ o12"`` or ``"ตัวชี้วัดที่ 9"`` (None when the
    problem is not inside one item); ``field`` is the field inside it, with list
    positions counted from 1 (``"parts[2].answer_type"``). ``others`` holds the
    further problems found in the same pass.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        item: str | None = None,
        field: str | None = None,
        line: int | None = None,
        others: tuple[FrameworkFileError, ...] = (),
    ) -> None:
        self.file = file
        self.item = item
        self.field = field
        self.problem = problem
        self.line = line
        self.others = others
        super().__init__(self._message())

    def _message(self) -> str:
        where = ", ".join(
            part for part in (self.item, f"ช่อง {self.field}" if self.field else None) if part
        )
        text = f"{self.file}: {where}: {self.problem}" if where else f"{self.file}: {self.problem}"
        if self.line is not None:
            text += f" (บรรทัด {self.line})"
        if self.others:
            text += f" — และพบปัญหาอื่นอีก {len(self.others)} จุด"
        return text

    def __str__(self) -> str:
        return self._message()


# --- YAML ------------------------------------------------------------------


# libyaml when present: it parses the shipped files about five times faster.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]  # base chosen at import
    """Safe YAML, with decimals read exactly (0.30 stays 0.30, 9.10 stays 9.10)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    raw = str(loader.construct_scalar(node))
    try:
        return Decimal(raw.replace("_", ""))
    except InvalidOperation:  # .inf, .nan, sexagesimal: let PyYAML decide
        return loader.construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)

_YAML_HINTS = (
    (
        "mapping values are not allowed",
        "มีเครื่องหมาย : ในที่ที่ใช้ไม่ได้ ถ้าข้อความมี ': ' ให้ครอบข้อความด้วยเครื่องหมาย \" \"",
    ),
    ("could not find expected ':'", "ไม่พบเครื่องหมาย : หลังชื่อช่อง หรือการเยื้องบรรทัดไม่ตรงกัน"),
    ("cannot start any token", "ใช้ปุ่ม Tab เยื้องบรรทัดไม่ได้ ให้ใช้ช่องว่าง (space)"),
    ("expected <block end>", "การเยื้องบรรทัดไม่ตรงกับบรรทัดก่อนหน้า"),
    ("expected a single document", "ไฟล์ต้องมีเอกสาร YAML เดียว (ลบบรรทัด --- ที่เกิน)"),
    ("found unexpected end of stream", "ข้อความที่เปิดด้วยเครื่องหมายคำพูดไม่ได้ปิด"),
)


def _yaml_error(exc: yaml.YAMLError, file: str) -> FrameworkFileError:
    english = getattr(exc, "problem", None) or str(exc)
    hint = next((thai for key, thai in _YAML_HINTS if key in english), None)
    problem = (
        f"รูปแบบ YAML ไม่ถูกต้อง: {hint} [{english}]" if hint else f"รูปแบบ YAML ไม่ถูกต้อง [{english}]"
    )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return FrameworkFileError(problem, file=file, line=mark.line + 1 if mark else None)


def _walk_mappings(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, yaml.MappingNode]]:
    if isinstance(node, yaml.MappingNode):
        yield loc, node
        for key, value in node.value:
            yield from _walk_mappings(value, (*loc, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            yield from _walk_mappings(value, (*loc, i))


def _node_line(root: yaml.Node, loc: Loc) -> int | None:
    """1-based line of the deepest node on ``loc`` (the key itself for a mapping entry)."""
    node = root
    line = node.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if str(kv[0].value) == str(step)), None)
            if found is None:
                break
            line = found[0].start_mark.line + 1
            node = found[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value)
        ):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


# --- turning validation errors into Thai -----------------------------------

_MODEL_AT: dict[Loc, type[BaseModel]] = {
    (): FrameworkSpec,
    ("questions",): QuestionSpec,
    ("questions", "parts"): PartSpec,
    ("questions", "source"): ItemSource,
    ("indicators",): IndicatorSpec,
    ("indicators", "sub_indicators"): SubIndicatorSpec,
    ("weights",): Weights,
    ("grades",): GradeBand,
    ("ratings",): RatingRule,
    ("tools",): ToolInfo,
}


def _model_at(parent: Loc) -> type[BaseModel] | None:
    shape = tuple(step for step in parent if isinstance(step, str) and step != "[key]")
    if parent[:1] == ("tools",):
        shape = ("tools",) if len(parent) == 2 else ()
    return _MODEL_AT.get(shape)


def _options(expected: str) -> str:
    parts = [p.strip().strip("'") for p in expected.replace(" or ", ", ").split(",")]
    return ", ".join(parts[:-1]) + " หรือ " + parts[-1] if len(parts) > 1 else parts[0]


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # Decimal('0.3') would puzzle an officer


def _problem(err: Any, loc: Loc) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    shown = "" if isinstance(value, dict | list) else f" (ในไฟล์เป็น {_show(value)})"
    if kind == "framework_rule":
        return str(ctx["problem"])
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        return f"ต้องเป็น {_options(str(ctx['expected']))}{shown}"
    if kind == "missing":
        return "ขาดช่องนี้ (ต้องระบุ)"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" ช่องที่ใช้ได้: {', '.join(model.model_fields)}" if model else ""
        return f"ไม่รู้จักช่องนี้ — ตรวจการสะกด;{allowed}"
    if kind == "string_type":
        return "ต้องเป็นข้อความ" + ("" if value is None else shown)
    if kind == "string_too_short":
        return "ห้ามเว้นว่าง (ถ้าไม่มีข้อมูลให้ลบช่องนี้หรือใส่ null ในช่องที่ยอมให้ว่าง)"
    if kind.startswith("int_"):
        return f"ต้องเป็นจำนวนเต็ม{shown}"
    if kind.startswith("decimal_") or kind.startswith("float_"):
        return f"ต้องเป็นตัวเลข{shown}"
    if kind.startswith("bool_"):
        return f"ต้องเป็น true หรือ false{shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"ต้องไม่น้อยกว่า {ctx.get('ge', ctx.get('gt'))}{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"ต้องไม่มากกว่า {ctx.get('le', ctx.get('lt'))}{shown}"
    if kind in ("tuple_type", "list_type"):
        return "ต้องเป็นรายการ (แต่ละรายการขึ้นบรรทัดใหม่ด้วย - )"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "ต้องเป็นชุดข้อมูลแบบ ชื่อช่อง: ค่า"
    if kind == "string_pattern_mismatch":
        return f"ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://{shown}"
    if kind.startswith("date_"):
        return f"ต้องเป็นวันที่แบบ ปี ค.ศ.-เดือน-วัน เช่น 2026-12-03{shown}"
    if kind == "too_short":
        return f"ต้องมีอย่างน้อย {ctx.get('min_length')} รายการ"
    return str(err["msg"])


def _get(data: Any, *steps: str | int) -> Any:
    for step in steps:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _format_field(steps: Loc) -> str | None:
    out = ""
    for step in steps:
        if isinstance(step, int):
            out += f"[{step + 1}]"
        elif step != "[key]":
            out += f".{step}" if out else step
    return out or None


def _split_item(loc: Loc, data: Any) -> tuple[str | None, Loc]:
    """Which item of the file ``loc`` falls in (a label), and the rest of ``loc``."""
    head = loc[0] if loc else None
    if head == "questions" and len(loc) >= 2 and isinstance(loc[1], int):
        raw = _get(data, "questions", loc[1], "code")
        try:
            label = f"ข้อ {canonical_code(raw)}"
        except ValueError:
            label = f"ข้อคำถามลำดับที่ {loc[1] + 1}"
        return label, loc[2:]
    if head == "indicators" and len(loc) >= 2 and isinstance(loc[1], int):
        number = _get(data, "indicators", loc[1], "number")
        if loc[2:3] == ("sub_indicators",) and len(loc) >= 4 and isinstance(loc[3], int):
            code = _get(data, "indicators", loc[1], "sub_indicators", loc[3], "code")
            if code is not None:
                return f"ตัวชี้วัดย่อย {code}", loc[4:]
        label = f"ตัวชี้วัดที่ {number}" if number is not None else f"ตัวชี้วัดลำดับที่ {loc[1] + 1}"
        return label, loc[2:]
    if head in ("grades", "ratings") and len(loc) >= 2 and isinstance(loc[1], int):
        name = _get(data, head, loc[1], "grade" if head == "grades" else "label")
        what = "ระดับ" if head == "grades" else "ผลการประเมิน"
        label = f"{what} {name}" if name is not None else f"{what}ลำดับที่ {loc[1] + 1}"
        return label, loc[2:]
    if head == "tools" and len(loc) >= 2:
        return f"เครื่องมือ {loc[1]}", loc[2:]
    return None, loc


def _validation_error(
    exc: ValidationError, *, file: str, data: Any, root: yaml.Node | None
) -> FrameworkFileError:
    found: list[FrameworkFileError] = []
    # A misspelt field name shows up as an unknown field plus a missing one;
    # the unknown one is the cause, so it is said first.
    errors = sorted(exc.errors(), key=lambda err: err["type"] != "extra_forbidden")
    for err in errors:
        ctx = err.get("ctx") or {}
        loc: Loc = tuple(err["loc"])
        if err["type"] == "framework_rule":
            loc = (*loc, *ctx.get("loc", ()))
            if ctx.get("field"):
                loc = (*loc, ctx["field"])
        item, rest = _split_item(loc, data)
        problem = _problem(err, loc)
        if rest[-1:] == ("[key]",):
            problem = "ชื่อเครื่องมือต้องเป็น iit, eit หรือ oit"
        line = _node_line(root, tuple(s for s in loc if s != "[key]")) if root is not None else None
        found.append(
            FrameworkFileError(problem, file=file, item=item, field=_format_field(rest), line=line)
        )
    first = found[0]
    return FrameworkFileError(
        first.problem,
        file=file,
        item=first.item,
        field=first.field,
        line=first.line,
        others=tuple(found[1:]),
    )


# --- public API --------------------------------------------------------------


# A framework file is a few thousand YAML nodes (the biggest shipped year: ~6,000).
MAX_EXPANDED_NODES = 200_000


def _refuse_alias_bombs(root: yaml.Node, file: str) -> None:
    """YAML aliases (*name) reuse a node; nested ones make a few hundred bytes
    stand for billions of values once validated (the "billion laughs"). PyYAML
    itself writes aliases for repeated values, so they are allowed, but the
    size the file would expand to is counted first (each distinct node once,
    its expanded size remembered) and a file past MAX_EXPANDED_NODES refused."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        if children_done or not children:
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            if size[id(node)] > MAX_EXPANDED_NODES:
                raise FrameworkFileError(
                    "ไฟล์ใช้ anchor/alias ของ YAML (& และ *) ซ้อนกันจนขยายเป็นข้อมูลมากเกินไป "
                    "ให้เขียนค่าซ้ำตรง ๆ แทน",
                    file=file,
                    line=node.start_mark.line + 1,
                )
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)


def parse_framework_text(text: str, *, source_name: str) -> FrameworkSpec:
    """Parse and validate the text of a framework file; raise FrameworkFileError."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source_name) from None
    if root is None:
        raise FrameworkFileError(
            "ไฟล์ว่างเปล่า ไม่มีข้อมูลกรอบการประเมิน (ดูตัวอย่างใน README.md)", file=source_name
        )
    _refuse_alias_bombs(root, source_name)
    try:
        data = _Loader(text).construct_document(root)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, source_name) from None
    if not isinstance(data, dict):
        kind = "รายการ (list)" if isinstance(data, list) else f"ค่าเดี่ยว {data!r}"
        raise FrameworkFileError(
            f"ไฟล์ต้องเป็นชุดข้อมูลแบบ ชื่อช่อง: ค่า ที่ขึ้นต้นด้วย schema_version: 1 แต่พบ{kind}",
            file=source_name,
            line=root.start_mark.line + 1,
        )
    # PyYAML keeps the last of two equal keys without a word; a duplicated
    # question key usually means a copy-paste slip, so say so.
    for loc, mapping in _walk_mappings(root):
        keys: dict[str, int] = {}
        for key_node, _ in mapping.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in keys:
                # Name the item by what is written first; ``data`` holds the last value.
                first = {str(k.value): v.value for k, v in reversed(mapping.value)}
                item, rest = _split_item((*loc, key), data)
                if loc[:1] == ("questions",) and isinstance(first.get("code"), str):
                    item = f"ข้อ {first['code']}"
                raise FrameworkFileError(
                    f"ช่องนี้ซ้ำกัน (ครั้งแรกที่บรรทัด {keys[key]})",
                    file=source_name,
                    item=item,
                    field=_format_field(rest),
                    line=line,
                )
            keys[key] = line
    try:
        return FrameworkSpec.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, file=source_name, data=data, root=root) from None


def _year_in_name(path: Path) -> int | None:
    match = _FILE_NAME_RE.fullmatch(path.name)
    return int(match[1]) if match else None


def load_framework_file(path: str | Path) -> FrameworkSpec:
    """Load one framework file; its name, if ``ita-YYYY.yaml``, must match its year."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise FrameworkFileError(f"อ่านไฟล์ไม่ได้ ({exc.strerror})", file=path.name) from None
    except UnicodeDecodeError:
        raise FrameworkFileError(
            "ไฟล์ต้องบันทึกเป็น UTF-8 (ในโปรแกรมแก้ไขข้อความ เลือก Save as → UTF-8)",
            file=path.name,
        ) from None
    spec = parse_framework_text(text, source_name=path.name)
    named = _year_in_name(path)
    if named is not None and named != spec.year:
        raise FrameworkFileError(
            f"ชื่อไฟล์บอกปี {named} แต่ในไฟล์ year เป็น {spec.year}",
            file=path.name,
            field="year",
        )
    return spec


def shipped_framework_paths() -> list[Path]:
    """The framework files shipped with Prongsai, oldest year first."""
    years = {path: _year_in_name(path) for path in DATA_DIR.iterdir()}
    return sorted((path for path, year in years.items() if year), key=lambda path: years[path] or 0)


def load_shipped_frameworks() -> list[FrameworkSpec]:
    return [load_framework_file(path) for path in shipped_framework_paths()]


def fill_unknown_texts(
    spec: FrameworkSpec, texts: dict[str, str], *, replace_summaries: bool = False
) -> FrameworkSpec:
    """A copy of ``spec`` in which questions with unknown text get the text given for
    their code (status ``confirmed``); e.g. from imported results that carry the
    question wording. Confirmed texts are never replaced; shortened ``summary``
    texts only with ``replace_summaries``. Codes the year lacks are ignored."""
    given: dict[str, str] = {}
    for raw, text in texts.items():
        try:
            code = canonical_code(raw)
        except ValueError:
            continue
        if isinstance(text, str) and text.strip():
            given[code] = text.strip()
    replaceable = {"unknown", "summary"} if replace_summaries else {"unknown"}
    questions = []
    changed = False
    for q in spec.questions:
        if q.code in given and q.text_status in replaceable:
            note = f"{q.note}; {FILLED_NOTE}" if q.note else FILLED_NOTE
            q = q.model_copy(
                update={"text": given[q.code], "text_status": "confirmed", "note": note}
            )
            changed = True
        questions.append(q)
    if not changed:
        return spec
    fields = {name: getattr(spec, name) for name in type(spec).model_fields}
    return FrameworkSpec.model_validate({**fields, "questions": tuple(questions)})
