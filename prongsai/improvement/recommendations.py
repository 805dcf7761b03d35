"""The recommendation library of one ITA year: NACC-style advice per question, as data.

`data/recommendations-YYYY.yaml` holds, for the question numbering of ITA year YYYY, the
diagnosis and recommendation text NACC gives a low-scoring question (status `nacc`) or a
text we wrote for the officer to edit (status `draft`), the OIT items the text cites, and
suggested measures. Codes are renumbered almost every year, so a file serves its own year
only. The schema is strict (unknown fields, unknown department keys, malformed codes and
references are errors) because the file is edited by hand and a typo would otherwise
silently drop advice. See `data/README.md` for the format and the provenance of the texts.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

DATA_DIR = Path(__file__).resolve().parent / "data"

# Canonical spelling only: IIT "I7", EIT "E2", OIT "o11" (lower-case o, as NACC prints it).
QUESTION_CODE = re.compile(r"(?:I|E|o)[1-9][0-9]*")
_LOOSE_CODE = re.compile(r"\s*([IiEeOo])\s*0*([1-9][0-9]*)\s*")
# An OIT item ("o11"), an OIT sub-indicator ("9.1"), or the OIT item being analysed ("{code}").
REFERENCE = re.compile(r"o[1-9][0-9]*|(?:9|10)\.[1-9]|\{code\}")
DEPARTMENT_KEY = re.compile(r"[a-z][a-z0-9_]*")
PLACEHOLDERS = ("{code}", "{score}")
# How NACC texts cite: "(อ้างอิงจาก o11)", "(อ้างอิงจาก o39, o40)", "(อ้างอิงจากตัวชี้วัด 9.1, 9.2)".
_CITATION = re.compile(r"อ้างอิงจาก(?:ตัวชี้วัด)?\s*([^()]*?)\s*\)")


class RecommendationFileError(ValueError):
    """A recommendation file that cannot be used; one line per problem, in Thai."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _fail(kind: str, message: str) -> NoReturn:
    # The message goes through ctx so that "{code}" in it is not taken as a template field.
    raise PydanticCustomError(kind, "{detail}", {"detail": message})


def _check_text(value: str) -> str:
    value = value.strip()
    if not value:
        _fail("empty_text", "ต้องมีข้อความ")
    rest = value
    for placeholder in PLACEHOLDERS:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        found = ", ".join(sorted(set(re.findall(r"\{[^{}]*\}?", rest)))) or "{ หรือ }"
        _fail(
            "unknown_placeholder",
            f"มีตัวแทนข้อความที่ไม่รู้จัก {found} (ใช้ได้เฉพาะ {{code}} และ {{score}})",
        )
    return value


def _number_as_text(value: Any) -> Any:
    # An unquoted 9.1 in YAML is a float; a sub-indicator reference is text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _check_reference(value: str) -> str:
    if not REFERENCE.fullmatch(value):
        _fail(
            "reference_format",
            f"'{value}' ไม่ใช่รหัสข้อ OIT (เช่น o11) หรือตัวชี้วัดย่อย (เช่น 9.1) หรือ {{code}}",
        )
    return value


def _check_question_code(value: str) -> str:
    if QUESTION_CODE.fullmatch(value):
        return value
    loose = _LOOSE_CODE.fullmatch(value)
    if loose:
        prefix = {"i": "I", "e": "E", "o": "o"}[loose.group(1).lower()]
        _fail(
            "question_code", f"รหัสข้อ '{value}' ไม่ใช่รูปแบบมาตรฐาน ให้เขียนเป็น {prefix}{loose.group(2)}"
        )
    _fail("question_code", f"รหัสข้อ '{value}' ไม่ถูกต้อง (ต้องเป็นเช่น I7, E2 หรือ o11)")


def _check_department_key(value: str) -> str:
    if not DEPARTMENT_KEY.fullmatch(value):
        _fail(
            "department_key",
            f"รหัสส่วนราชการ '{value}' ต้องเป็นอักษรภาษาอังกฤษตัวเล็ก ตัวเลข หรือ _ (เช่น finance)",
        )
    return value


def _check_indicator(value: int) -> int:
    if not 1 <= value <= 10:
        _fail("indicator_range", f"ตัวชี้วัด {value} ไม่มี (ต้องเป็น 1 ถึง 10)")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
Reference = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_check_reference)]
QuestionCode = Annotated[str, AfterValidator(_check_question_code)]
DepartmentKey = Annotated[str, AfterValidator(_check_department_key)]
IndicatorNumber = Annotated[int, AfterValidator(_check_indicator)]


def cited_references(*texts: str) -> tuple[str, ...]:
    """The items a text cites as "(อ้างอิงจาก …)", in order of first appearance."""
    found: list[str] = []
    for text in texts:
        for group in _CITATION.findall(text):
            for ref in group.split(","):
                ref = ref.strip()
                if ref and ref not in found:
                    found.append(ref)
    return tuple(found)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SuggestedMeasure(_Frozen):
    """A measure the officer may adopt for a weakness: name, steps and department keys."""

    name: Text
    steps: tuple[Text, ...]
    departments: tuple[DepartmentKey, ...]

    @field_validator("steps")
    @classmethod
    def _has_steps(cls, steps: tuple[str, ...]) -> tuple[str, ...]:
        if not steps:
            _fail("no_steps", "ต้องมีขั้นตอนอย่างน้อย 1 ขั้นตอน")
        return steps


class Recommendation(_Frozen):
    """Diagnosis and recommendation for one question (or one indicator's default)."""

    status: Literal["nacc", "draft"]
    diagnosis: Text
    recommendation: Text
    references: tuple[Reference, ...]
    measures: tuple[SuggestedMeasure, ...] = ()

    @field_validator("references")
    @classmethod
    def _references_match_text(
        cls, references: tuple[str, ...], info: ValidationInfo
    ) -> tuple[str, ...]:
        # The list is what the UI and the documents show as "อ้างอิง"; it must say exactly
        # what the text cites, so the two cannot drift apart when someone edits one of them.
        if len(set(references)) != len(references):
            _fail("duplicate_reference", f"มีรายการซ้ำ: {', '.join(references)}")
        texts = [info.data[name] for name in ("diagnosis", "recommendation") if name in info.data]
        if len(texts) == 2:
            cited = cited_references(*texts)
            if cited != references:
                _fail(
                    "references_mismatch",
                    "ต้องตรงกับที่ข้อความอ้างอิงไว้ว่า (อ้างอิงจาก …) ตามลำดับ "
                    f"(ในข้อความ: {', '.join(cited) or 'ไม่มี'}; "
                    f"ในช่อง references: {', '.join(references) or 'ไม่มี'})",
                )
        return references


class RecommendationLibrary(_Frozen):
    """All recommendations of one ITA year."""

    schema_version: Literal[1]
    year: int
    departments: dict[DepartmentKey, Text]
    questions: dict[QuestionCode, Recommendation]
    indicators: dict[IndicatorNumber, Recommendation]

    @model_validator(mode="after")
    def _departments_exist(self) -> RecommendationLibrary:
        entries: list[tuple[str, Any, Recommendation]] = [
            ("questions", code, rec) for code, rec in self.questions.items()
        ]
        entries += [("indicators", number, rec) for number, rec in self.indicators.items()]
        for section, key, rec in entries:
            for m_index, measure in enumerate(rec.measures):
                for d_index, department in enumerate(measure.departments):
                    if department not in self.departments:
                        known = ", ".join(self.departments) or "ไม่มี"
                        raise PydanticCustomError(
                            "unknown_department",
                            "{detail}",
                            {
                                "detail": f"ไม่รู้จักส่วนราชการ '{department}' "
                                f"(ที่กำหนดไว้ใน departments: {known})",
                                "at": (section, key, "measures", m_index, "departments", d_index),
                            },
                        )
        return self

    def for_question(
        self, code: str, indicator: int
    ) -> tuple[Recommendation, Literal["question", "indicator"]]:
        """The question's own entry, else its indicator's default; KeyError if neither."""
        if code in self.questions:
            return self.questions[code], "question"
        if indicator in self.indicators:
            return self.indicators[indicator], "indicator"
        raise KeyError(code)


# --- reading files -------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key twice in one mapping (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # unhashable key: construct_mapping below reports it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"ช่อง {key} ซ้ำ", key_node.start_mark
            )
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_MESSAGES = {
    "missing": "ต้องมีช่องนี้",
    "extra_forbidden": "ไม่รู้จักช่องนี้ (สะกดผิดหรือไม่)",
    "string_type": "ต้องเป็นข้อความ",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "tuple_type": "ต้องเป็นรายการ เช่น [o11, o12]",
    "list_type": "ต้องเป็นรายการ เช่น [o11, o12]",
    "dict_type": "ต้องเป็นชุดของ ชื่อช่อง: ค่า",
    "model_type": "ต้องเป็นชุดของ ชื่อช่อง: ค่า",
    "model_attributes_type": "ต้องเป็นชุดของ ชื่อช่อง: ค่า",
}
_FIELDS_WITH_ITEMS = {"steps": "ขั้นตอนที่", "measures": "มาตรการที่"}


def _where(loc: tuple[Any, ...]) -> str:
    """Where a pydantic error is, in Thai.

    ("questions", "I7", "references", 0) → "ข้อ I7, ช่อง references";
    ("indicators", 2, "measures", 0, "steps", 1) → "ตัวชี้วัด 2, มาตรการที่ 1, ขั้นตอนที่ 2".
    """
    parts: list[str] = []
    items = list(loc)
    if len(items) > 1 and items[0] in ("questions", "indicators", "departments"):
        label = {"questions": "ข้อ", "indicators": "ตัวชี้วัด", "departments": "ช่อง departments,"}
        parts.append(f"{label[items[0]]} {items[1]}")
        items = items[2:]
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if item in _FIELDS_WITH_ITEMS and isinstance(following, int):
            parts.append(f"{_FIELDS_WITH_ITEMS[item]} {following + 1}")
            index += 2
            continue
        if isinstance(item, str) and item != "[key]":
            parts.append(f"ช่อง {item}")
        index += 1
    return ", ".join(parts)


def _describe(error: Any) -> str:
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"]) + tuple(ctx.get("at", ()))
    kind = error["type"]
    if kind == "int_parsing" and loc[:1] == ("indicators",) and "[key]" in loc:
        message = "เลขตัวชี้วัดต้องเป็นจำนวนเต็ม 1 ถึง 10"
    elif kind == "literal_error":
        message = f"ต้องเป็น {str(ctx.get('expected', '')).replace(' or ', ' หรือ ')}"
    else:
        message = _MESSAGES.get(kind, error["msg"])
    where = _where(loc)
    return f"{where}: {message}" if where else message


def parse_library_text(text: str, *, source_name: str) -> RecommendationLibrary:
    """Parse and validate the text of a recommendation file; errors name `source_name`."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"บรรทัด {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RecommendationFileError([f"{source_name}: {line}อ่าน YAML ไม่ได้: {problem}"]) from exc
    if not isinstance(data, dict):
        raise RecommendationFileError(
            [f"{source_name}: ต้องเป็นชุดของ ชื่อช่อง: ค่า (schema_version, year, …)"]
        )
    try:
        return RecommendationLibrary.model_validate(data)
    except ValidationError as exc:
        raise RecommendationFileError(
            [f"{source_name}: {_describe(error)}" for error in exc.errors()]
        ) from exc


def library_path(year: int) -> Path:
    return DATA_DIR / f"recommendations-{year}.yaml"


@cache
def load_library(year: int) -> RecommendationLibrary | None:
    """The shipped library for ITA year `year`, or None when we ship none for that year."""
    path = library_path(year)
    if not path.is_file():
        return None
    library = parse_library_text(path.read_text(encoding="utf-8"), source_name=path.name)
    if library.year != year:
        raise RecommendationFileError(
            [f"{path.name}: ช่อง year: ไฟล์ของปี {year} แต่ระบุ year: {library.year}"]
        )
    return library


# An OIT item number in a text ("o11"): it names another year's item, so a text
# that cites one is never carried to another year.
_OIT_NUMBER = re.compile(r"(?<![A-Za-z])o[1-9][0-9]*")


def shipped_years() -> list[int]:
    return sorted(
        int(m.group(1))
        for p in DATA_DIR.glob("recommendations-*.yaml")
        if (m := re.fullmatch(r"recommendations-(\d{4})\.yaml", p.name))
    )


def borrowed_measures(year: int, indicator: int) -> tuple[SuggestedMeasure, ...]:
    """Suggested measures for a question of a year we ship no library for: the
    measures of its indicator in the newest earlier library. Questions are
    renumbered every year but the ten indicators have kept their meaning, so
    only an indicator's measures are borrowed, and none whose words cite an
    OIT item number (another year's numbering). `{code}` is filled later with
    this year's code."""
    if load_library(year) is not None:
        return ()
    earlier = [y for y in shipped_years() if y < year]
    if not earlier:
        return ()
    library = load_library(earlier[-1])
    entry = library.indicators.get(indicator) if library is not None else None
    if entry is None:
        return ()
    return tuple(
        m for m in entry.measures if not any(_OIT_NUMBER.search(t) for t in (m.name, *m.steps))
    )
