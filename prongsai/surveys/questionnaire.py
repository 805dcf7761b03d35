"""A survey's questions as one immutable object, and reading a submitted form.

The answer pages are the hot path (anchors.md §3.4: deadline days), so a survey's
questions are read once per process and version (`Survey.updated_at`, which every
service that changes questions bumps), not on every request. The form is plain
HTML: one radio group per question or part, field names `q-<code>` and
`q-<code>-<part>`, so it works without JavaScript and a load test can fill it in
as a browser would.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from prongsai.surveys.models import Survey, SurveyQuestion
from prongsai.surveys.scoring import PartDef, QuestionDef

FREE_TEXT_MAX = 2000

FOUR_LEVEL_OPTIONS = (
    ("4", _("มากที่สุด")),
    ("3", _("มาก")),
    ("2", _("น้อย")),
    ("1", _("น้อยที่สุดหรือไม่มีเลย")),
)
YES_NO_OPTIONS = (("yes", _("มี")), ("no", _("ไม่มี")))
SATISFACTION_OPTIONS = (
    ("5", _("มากที่สุด")),
    ("4", _("มาก")),
    ("3", _("ปานกลาง")),
    ("2", _("น้อย")),
    ("1", _("น้อยที่สุด")),
)
OPTIONS = {
    "four_level": FOUR_LEVEL_OPTIONS,
    "yes_no": YES_NO_OPTIONS,
    "satisfaction": SATISFACTION_OPTIONS,
}


@dataclass(frozen=True)
class Part:
    number: int
    text: str
    answer_type: str
    reversed: bool
    field: str

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        return tuple(OPTIONS[self.answer_type])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Question:
    pk: int
    number: int  # 1.. in the survey, as printed
    code: str
    group: str
    text: str
    answer_type: str
    reversed: bool
    parts: tuple[Part, ...]
    choices: tuple[str, ...]
    required: bool

    @property
    def field(self) -> str:
        return f"q-{self.code}"

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        if self.answer_type == "service":
            return tuple((c, c) for c in self.choices)
        return tuple(OPTIONS.get(self.answer_type, ()))  # type: ignore[arg-type]

    @property
    def fields(self) -> tuple[tuple[str, int], ...]:
        """(field name, part) of every input of this question."""
        if self.parts:
            return tuple((p.field, p.number) for p in self.parts)
        return ((self.field, 0),)

    def as_def(self) -> QuestionDef:
        return QuestionDef(
            self.code,
            self.answer_type,
            self.reversed,
            tuple(PartDef(p.answer_type, p.reversed) for p in self.parts),
        )


@dataclass(frozen=True)
class Group:
    number: int  # 1..
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    survey_pk: int
    version: datetime
    questions: tuple[Question, ...]
    groups: tuple[Group, ...]

    def by_code(self) -> dict[str, Question]:
        return {q.code: q for q in self.questions}

    def defs(self) -> list[QuestionDef]:
        return [q.as_def() for q in self.questions]

    @property
    def service_question(self) -> Question | None:
        return next((q for q in self.questions if q.answer_type == "service"), None)


def build(survey_pk: int, version: datetime, rows: list[SurveyQuestion]) -> Questionnaire:
    questions = []
    for number, row in enumerate(rows, start=1):
        parts = tuple(
            Part(
                n,
                str(p.get("text") or _("ข้อย่อยที่ %d") % n),
                str(p["answer_type"]),
                bool(p.get("reversed", False)),
                f"q-{row.code}-{n}",
            )
            for n, p in enumerate(row.parts or [], start=1)
        )
        questions.append(
            Question(
                row.pk,
                number,
                row.code,
                row.group,
                row.text,
                row.answer_type,
                row.reversed,
                parts,
                tuple(row.choices or []),
                row.required,
            )
        )
    groups: list[Group] = []
    for q in questions:
        if groups and groups[-1].title == q.group:
            last = groups[-1]
            groups[-1] = Group(last.number, last.title, (*last.questions, q))
        else:
            groups.append(Group(len(groups) + 1, q.group, (q,)))
    return Questionnaire(survey_pk, version, tuple(questions), tuple(groups))


_cache: dict[int, Questionnaire] = {}
_lock = threading.Lock()


def questionnaire(survey: Survey) -> Questionnaire:
    """The survey's questions, cached per process until the survey changes."""
    found = _cache.get(survey.pk)
    if found is not None and found.version == survey.updated_at:
        return found
    built = build(survey.pk, survey.updated_at, list(survey.questions.order_by("order")))
    with _lock:
        if len(_cache) > 500:
            _cache.clear()
        _cache[survey.pk] = built
    return built


def parse_answers(
    qn: Questionnaire,
    data: Mapping[str, str],
    *,
    groups: set[int] | None = None,
) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """Read the answers of the given groups (all when None) from form data.

    Returns (answers keyed by (code, part), errors keyed by field name). Values
    outside the offered options are errors, never stored."""
    answers: dict[tuple[str, int], str] = {}
    errors: dict[str, str] = {}
    for group in qn.groups:
        if groups is not None and group.number not in groups:
            continue
        for q in group.questions:
            for field, part in q.fields:
                raw = (data.get(field) or "").strip()
                if not raw:
                    if q.required:
                        errors[field] = str(_("กรุณาตอบข้อนี้"))
                    continue
                if q.answer_type == "free_text":
                    if len(raw) > FREE_TEXT_MAX:
                        errors[field] = str(_("ยาวเกิน %d ตัวอักษร") % FREE_TEXT_MAX)
                        continue
                    answers[(q.code, part)] = raw
                    continue
                options = q.parts[part - 1].options if part else q.options
                if raw not in {value for value, _label in options}:
                    errors[field] = str(_("คำตอบนี้ไม่อยู่ในตัวเลือก"))
                    continue
                answers[(q.code, part)] = raw
    return answers, errors
