"""The ITA framework of one fiscal year, as data.

A framework file (``data/ita-YYYY.yaml``) describes the instrument of one year:
weights, grades, the ten indicators, OIT sub-indicators, and every question
(IIT ``I<n>``, EIT ``E<n>``) and OIT item (``o<n>``). The instrument is renumbered
almost every year, so a code only means something together with its year.

Cross-field rules raise ``PydanticCustomError`` with a ``loc`` and ``field`` in
its context, so that ``library.py`` can name the exact item and field of the file
in a Thai message even for rules that span several fields.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from prongsai.lib.thai import to_arabic_digits

Tool = Literal["iit", "eit", "oit"]
AnswerType = Literal["four_level", "yes_no", "multi_part", "oit_item"]
TextStatus = Literal["confirmed", "summary", "unknown"]

TOOLS: tuple[Tool, ...] = ("iit", "eit", "oit")
TOOL_OF_PREFIX: dict[str, Tool] = {"I": "iit", "E": "eit", "o": "oit"}
TOOL_LABEL: dict[str, str] = {"iit": "IIT", "eit": "EIT", "oit": "OIT"}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_CODE_RE = re.compile(r"([IEOieo])([0-9]+)")
_SUB_CODE_RE = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
# Zero-width characters survive copy-paste from PDFs and web pages.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def canonical_code(raw: str) -> str:
    """``" i 7 "`` → ``"I7"``, ``"O11"`` → ``"o11"``, ``"o๑๑"`` → ``"o11"``."""
    if not isinstance(raw, str):
        raise ValueError(f"รหัสข้อต้องเป็นข้อความ เช่น I7, E2 หรือ o11 (ได้ {raw!r})")
    cleaned = to_arabic_digits("".join(raw.translate(_INVISIBLE).split()))
    match = _CODE_RE.fullmatch(cleaned)
    if match is None or int(match[2]) == 0:
        raise ValueError(
            f"รหัสข้อ {raw!r} ไม่ถูกต้อง: ต้องเป็น I ตามด้วยเลข (เช่น I7), "
            "E ตามด้วยเลข (เช่น E2) หรือ o ตามด้วยเลข (เช่น o11)"
        )
    prefix = match[1].upper()
    return f"{'o' if prefix == 'O' else prefix}{int(match[2])}"


def _rule_error(
    problem: str, *, loc: tuple[str | int, ...] = (), field: str | None = None
) -> PydanticCustomError:
    """An error whose context tells the loader where in the file the problem is.

    ``loc`` is relative to the model that raises it (empty = the model itself)."""
    return PydanticCustomError(
        "framework_rule", "{problem}", {"problem": problem, "loc": loc, "field": field}
    )


def _number_to_text(value: Any) -> Any:
    # An unquoted 9.1 in YAML is a number; sub-indicator codes are text.
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GradeBand(_Spec):
    grade: Text
    min: Decimal = Field(ge=0, le=100)


class RatingRule(_Spec):
    """Rating Score label (from 2566). The first rule, in file order, that a
    result satisfies applies: ``total >= min_total`` and, when set, every tool
    score ``>= min_each_tool``."""

    label: Text
    label_en: Text
    min_total: Decimal = Field(ge=0, le=100)
    min_each_tool: Decimal | None = Field(default=None, ge=0, le=100)
    # Where a year's results report EIT in parts (ส่วนที่ 1 / ส่วนที่ 2) and the
    # rule needs each part at a level, not only the EIT as a whole. The EIT
    # questions then carry ``eit_part`` so each part can be scored on its own.
    min_each_eit_part: Decimal | None = Field(default=None, ge=0, le=100)


class Weights(_Spec):
    iit: Decimal = Field(ge=0, le=1)
    eit: Decimal = Field(ge=0, le=1)
    oit: Decimal = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sum_is_one(self) -> Weights:
        total = self.iit + self.eit + self.oit
        if total != 1:
            raise _rule_error(
                f"น้ำหนัก iit + eit + oit ต้องรวมกันได้ 1 (เช่น 0.30 + 0.30 + 0.40) แต่รวมได้ {total}"
            )
        return self


class ToolInfo(_Spec):
    name: Text
    name_en: Text
    heading: Text
    part_heading: Text | None = None


class SubIndicatorSpec(_Spec):
    code: str
    name: Text
    name_status: Literal["confirmed", "inferred"]

    @field_validator("code", mode="before")
    @classmethod
    def _code_is_text(cls, value: Any) -> Any:
        return _number_to_text(value)

    @field_validator("code")
    @classmethod
    def _code_form(cls, value: str) -> str:
        value = value.strip()
        if not _SUB_CODE_RE.fullmatch(value):
            raise ValueError(f"รหัสตัวชี้วัดย่อยต้องเป็นเลขตัวชี้วัด จุด เลขลำดับ เช่น 9.1 (ได้ {value!r})")
        return value


class IndicatorSpec(_Spec):
    number: int = Field(ge=1, le=10)
    tool: Tool
    name: Text
    name_en: Text
    sub_indicators: tuple[SubIndicatorSpec, ...] = ()

    @model_validator(mode="after")
    def _sub_indicators_belong_here(self) -> IndicatorSpec:
        seen: set[str] = set()
        for i, sub in enumerate(self.sub_indicators):
            if sub.code.split(".")[0] != str(self.number):
                raise _rule_error(
                    f"ตัวชี้วัดย่อย {sub.code} ต้องขึ้นต้นด้วยเลขตัวชี้วัด {self.number} (เช่น {self.number}.1)",
                    loc=("sub_indicators", i),
                    field="code",
                )
            if sub.code in seen:
                raise _rule_error(
                    f"รหัสตัวชี้วัดย่อย {sub.code} ซ้ำ", loc=("sub_indicators", i), field="code"
                )
            seen.add(sub.code)
        return self


class PartSpec(_Spec):
    """One sub-point of a multi-part question, answered separately."""

    text: Text | None
    answer_type: Literal["four_level", "yes_no"]
    reversed: bool = False


class ItemSource(_Spec):
    """Where the wording of one item was read, and when: public pages change, so
    the day matters as much as the address."""

    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]
    seen: date


class QuestionSpec(_Spec):
    code: str
    indicator: int = Field(ge=1, le=10)
    sub_indicator: str | None = None
    group: Text | None = None
    text: Text | None
    text_status: TextStatus
    answer_type: AnswerType
    reversed: bool = False
    parts: tuple[PartSpec, ...] = ()
    requirements: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = ()
    required_year_offset: int = Field(default=0, ge=-5, le=5)
    note: Text | None = None
    source: ItemSource | None = None
    # The code of the same item in the previous year's framework, where the NACC
    # renumbered it (o10 of 2567 was o12 of 2566). Unset means "same code, if any".
    previous: str | None = None
    # A new item that took a number the year before used for something else (o10 of
    # 2566, personal-data policy, is not o10 of 2565): its history starts this year.
    new_item: bool = False
    # EIT only: the part of the EIT the question belongs to (1 = ส่วนที่ 1,
    # 2 = ส่วนที่ 2), for years whose rating rule looks at each part.
    eit_part: int | None = Field(default=None, ge=1, le=2)

    @field_validator("code", mode="before")
    @classmethod
    def _canonical_code(cls, value: Any) -> str:
        return canonical_code(value)

    @field_validator("previous", mode="before")
    @classmethod
    def _canonical_previous(cls, value: Any) -> str | None:
        return None if value is None else canonical_code(value)

    @field_validator("sub_indicator", "group", mode="before")
    @classmethod
    def _numbers_are_text(cls, value: Any) -> Any:
        return _number_to_text(value)

    @field_validator("sub_indicator")
    @classmethod
    def _sub_indicator_form(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not _SUB_CODE_RE.fullmatch(value):
            raise ValueError(f"ต้องเป็นรหัสตัวชี้วัดย่อย เช่น 9.1 (ได้ {value!r})")
        return value

    @property
    def tool(self) -> Tool:
        """The tool, from the code's prefix (the framework checks it agrees with the indicator)."""
        return TOOL_OF_PREFIX[self.code[0]]

    @model_validator(mode="after")
    def _consistent(self) -> QuestionSpec:
        if self.new_item and self.previous is not None:
            raise _rule_error(
                f"ใส่ทั้ง new_item: true และ previous: {self.previous} ไม่ได้ — ข้อใหม่ไม่มีข้อเดิมในปีก่อน",
                field="new_item",
            )
        if self.text is None and self.text_status != "unknown":
            raise _rule_error(
                f"ไม่มีข้อความ (null) แต่ text_status เป็น {self.text_status} — "
                "ถ้ายังไม่ทราบข้อความให้ใช้ text_status: unknown",
                field="text",
            )
        if self.text is not None and self.text_status == "unknown":
            raise _rule_error(
                "มีข้อความแล้ว text_status ต้องเป็น confirmed หรือ summary ไม่ใช่ unknown",
                field="text_status",
            )
        is_oit = self.tool == "oit"
        if is_oit != (self.answer_type == "oit_item"):
            problem = (
                "ข้อ OIT ต้องมี answer_type เป็น oit_item"
                if is_oit
                else "answer_type oit_item ใช้ได้เฉพาะข้อ OIT (o1, o2, …); "
                "ข้อ IIT/EIT ใช้ four_level, yes_no หรือ multi_part"
            )
            raise _rule_error(problem, field="answer_type")
        if self.answer_type == "multi_part" and len(self.parts) < 2:
            raise _rule_error("ข้อแบบ multi_part ต้องมีข้อย่อย (parts) อย่างน้อย 2 ข้อ", field="parts")
        if self.answer_type != "multi_part" and self.parts:
            raise _rule_error("มีข้อย่อย (parts) ได้เฉพาะข้อแบบ multi_part", field="parts")
        if self.reversed and self.answer_type not in ("four_level", "yes_no"):
            raise _rule_error(
                "reversed ใช้ได้กับ four_level และ yes_no เท่านั้น "
                "(ข้อแบบ multi_part ให้กำหนด reversed ที่ข้อย่อยแต่ละข้อ)",
                field="reversed",
            )
        if self.sub_indicator is not None and not is_oit:
            raise _rule_error("ตัวชี้วัดย่อย (sub_indicator) ใช้ได้เฉพาะข้อ OIT", field="sub_indicator")
        if self.eit_part is not None and self.tool != "eit":
            raise _rule_error("eit_part (ส่วนของ EIT) ใช้ได้เฉพาะข้อ EIT (E1, E2, …)", field="eit_part")
        return self


class FrameworkSpec(_Spec):
    schema_version: Literal[1]
    year: int = Field(ge=2560, le=2600)
    title: Text
    status: Literal["complete", "partial"]
    sources: tuple[Text, ...] = Field(min_length=1)
    weights: Weights
    grades: tuple[GradeBand, ...] = Field(min_length=1)
    ratings: tuple[RatingRule, ...] = ()
    tools: dict[Tool, ToolInfo]
    indicators: tuple[IndicatorSpec, ...]
    questions: tuple[QuestionSpec, ...]

    _by_code: dict[str, QuestionSpec] = PrivateAttr(default_factory=dict)
    _by_number: dict[int, IndicatorSpec] = PrivateAttr(default_factory=dict)

    @field_validator("grades")
    @classmethod
    def _grades_descend_to_zero(cls, grades: tuple[GradeBand, ...]) -> tuple[GradeBand, ...]:
        names: set[str] = set()
        for i, band in enumerate(grades):
            if band.grade in names:
                raise _rule_error(f"ระดับ {band.grade} ซ้ำ", loc=(i,), field="grade")
            names.add(band.grade)
            if i and band.min >= grades[i - 1].min:
                raise _rule_error(
                    f"ต้องเรียงจากคะแนนสูงไปต่ำ: ระดับ {band.grade} ({band.min}) "
                    f"ต้องต่ำกว่าระดับ {grades[i - 1].grade} ({grades[i - 1].min})",
                    loc=(i,),
                    field="min",
                )
        if grades and grades[-1].min != 0:
            raise _rule_error(
                "ระดับสุดท้ายต้องเริ่มที่ 0 เพื่อให้ทุกคะแนนมีระดับ",
                loc=(len(grades) - 1,),
                field="min",
            )
        return grades

    @field_validator("ratings")
    @classmethod
    def _ratings_descend_to_zero(cls, ratings: tuple[RatingRule, ...]) -> tuple[RatingRule, ...]:
        for i, rule in enumerate(ratings):
            if i and rule.min_total > ratings[i - 1].min_total:
                raise _rule_error(
                    f"ต้องเรียงจากคะแนนสูงไปต่ำ: {rule.label} ({rule.min_total}) "
                    f"ต้องไม่สูงกว่า {ratings[i - 1].label} ({ratings[i - 1].min_total})",
                    loc=(i,),
                    field="min_total",
                )
        if ratings:
            last = len(ratings) - 1
            if ratings[-1].min_total != 0:
                raise _rule_error(
                    "ผลการประเมินข้อสุดท้ายต้องมี min_total เป็น 0 เพื่อให้ทุกคะแนนมีผล",
                    loc=(last,),
                    field="min_total",
                )
            for name in ("min_each_tool", "min_each_eit_part"):
                if getattr(ratings[-1], name) is not None:
                    raise _rule_error(
                        f"ผลการประเมินข้อสุดท้ายต้องไม่มีเงื่อนไข {name}",
                        loc=(last,),
                        field=name,
                    )
        return ratings

    @model_validator(mode="after")
    def _cross_check(self) -> FrameworkSpec:
        by_number: dict[int, IndicatorSpec] = {}
        for i, indicator in enumerate(self.indicators):
            where = ("indicators", i)
            if indicator.number in by_number:
                raise _rule_error(f"ตัวชี้วัดที่ {indicator.number} ซ้ำ", loc=where, field="number")
            if indicator.sub_indicators and indicator.tool != "oit":
                raise _rule_error("ตัวชี้วัดย่อยมีได้เฉพาะตัวชี้วัดของ OIT", loc=where, field="sub_indicators")
            by_number[indicator.number] = indicator
        missing = [n for n in range(1, 11) if n not in by_number]

        seen: dict[str, int] = {}
        for i, q in enumerate(self.questions):
            here = ("questions", i)
            if q.code in seen:
                raise _rule_error(
                    f"รหัสข้อ {q.code} ซ้ำกับข้อคำถามลำดับที่ {seen[q.code] + 1}",
                    loc=here,
                    field="code",
                )
            seen[q.code] = i
            ind = by_number.get(q.indicator)
            if ind is None:
                raise _rule_error(
                    f"ไม่มีตัวชี้วัดที่ {q.indicator} ในส่วน indicators ของไฟล์",
                    loc=here,
                    field="indicator",
                )
            if ind.tool != q.tool:
                raise _rule_error(
                    f"ข้อ {q.code} เป็นข้อของ {TOOL_LABEL[q.tool]} แต่ตัวชี้วัดที่ {ind.number} "
                    f"เป็นของ {TOOL_LABEL[ind.tool]}",
                    loc=here,
                    field="indicator",
                )
            subs = [s.code for s in ind.sub_indicators]
            if q.sub_indicator is None and subs and q.tool == "oit":
                raise _rule_error(
                    f"ตัวชี้วัดที่ {ind.number} แบ่งเป็นตัวชี้วัดย่อย ต้องระบุ sub_indicator ({', '.join(subs)})",
                    loc=here,
                    field="sub_indicator",
                )
            if q.sub_indicator is not None and q.sub_indicator not in subs:
                known = f"มี {', '.join(subs)}" if subs else "ตัวชี้วัดนี้ไม่มีตัวชี้วัดย่อยในไฟล์นี้"
                raise _rule_error(
                    f"ไม่มีตัวชี้วัดย่อย {q.sub_indicator} ภายใต้ตัวชี้วัดที่ {ind.number} ({known})",
                    loc=here,
                    field="sub_indicator",
                )

        self._check_eit_parts()
        if missing:
            raise _rule_error(
                "ต้องมีตัวชี้วัดที่ 1–10 ครบ ตัวละหนึ่งครั้ง; ขาดตัวชี้วัดที่ " + ", ".join(map(str, missing)),
                field="indicators",
            )
        used = {ind.tool for ind in self.indicators}
        if set(self.tools) != used:
            lacking = sorted(used - set(self.tools))
            extra = sorted(set(self.tools) - used)
            problem = (
                f"ต้องมีข้อมูลเครื่องมือ {', '.join(lacking)}"
                if lacking
                else f"ไม่มีตัวชี้วัดของเครื่องมือ {', '.join(extra)}"
            )
            raise _rule_error(problem, field="tools")
        return self

    def _check_eit_parts(self) -> None:
        # A rule on each EIT part is meaningless unless every EIT question says
        # which part it is in: an untagged question would silently drop out.
        uses = [i for i, rule in enumerate(self.ratings) if rule.min_each_eit_part is not None]
        if not uses:
            return
        for i, q in enumerate(self.questions):
            if q.tool == "eit" and q.eit_part is None:
                raise _rule_error(
                    f"ผลการประเมิน {self.ratings[uses[0]].label} มีเงื่อนไข min_each_eit_part "
                    f"จึงต้องระบุ eit_part (1 หรือ 2) ให้ข้อ EIT ทุกข้อ แต่ข้อ {q.code} ไม่ได้ระบุ",
                    loc=("questions", i),
                    field="eit_part",
                )

    def eit_parts(self) -> tuple[int, ...]:
        """The EIT parts that questions of this year are tagged with (e.g. (1, 2))."""
        return tuple(sorted({q.eit_part for q in self.questions if q.eit_part is not None}))

    def model_post_init(self, context: Any, /) -> None:
        self._by_code = {q.code: q for q in self.questions}
        self._by_number = {ind.number: ind for ind in self.indicators}

    @staticmethod
    def canonical_code(raw: str) -> str:
        """Canonical question code; raises ValueError (with a Thai message) on garbage."""
        return canonical_code(raw)

    def question(self, code: str) -> QuestionSpec:
        """The question or OIT item ``code`` (any case, spaces, Thai digits); KeyError if absent."""
        try:
            key = canonical_code(code)
        except ValueError:
            raise KeyError(code) from None
        try:
            return self._by_code[key]
        except KeyError:
            raise KeyError(key) from None

    def has_question(self, code: str) -> bool:
        try:
            self.question(code)
        except KeyError:
            return False
        return True

    def indicator(self, number: int) -> IndicatorSpec:
        return self._by_number[number]

    def sub_indicator(self, code: str) -> SubIndicatorSpec:
        for ind in self.indicators:
            for sub in ind.sub_indicators:
                if sub.code == code:
                    return sub
        raise KeyError(code)

    def questions_for_indicator(self, number: int) -> tuple[QuestionSpec, ...]:
        self.indicator(number)  # KeyError for a number that is not in the file
        return tuple(q for q in self.questions if q.indicator == number)

    def questions_for_sub_indicator(self, code: str) -> tuple[QuestionSpec, ...]:
        self.sub_indicator(code)
        return tuple(q for q in self.questions if q.sub_indicator == code)

    def questions_for_tool(self, tool: Tool) -> tuple[QuestionSpec, ...]:
        return tuple(q for q in self.questions if q.tool == tool)

    def tool_of(self, code: str) -> Tool:
        """The tool of a question of this framework; KeyError if the year has no such code."""
        return self.indicator(self.question(code).indicator).tool

    def unknown_text_codes(self) -> list[str]:
        return [q.code for q in self.questions if q.text_status == "unknown"]
