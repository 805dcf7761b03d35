"""Putting framework files into the database, idempotently."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.db import transaction

from prongsai.framework.library import fill_unknown_texts, load_shipped_frameworks
from prongsai.framework.models import Framework, Question
from prongsai.framework.schema import FrameworkSpec


def _digest(data: dict[str, object]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _known_texts(framework: Framework) -> dict[str, str]:
    return dict(
        framework.questions.filter(text_status="confirmed")
        .exclude(text="")
        .values_list("code", "text")
    )


@transaction.atomic
def framework_load(spec: FrameworkSpec, *, source: str = "shipped") -> tuple[Framework, bool]:
    """Create or update the framework of `spec.year`. Returns (framework, changed).

    Loading the same file twice changes nothing. A shipped file never replaces
    a framework a user imported for that year, and texts that users filled in
    (through results imports) survive a newer shipped file that still lacks them.
    """
    existing = Framework.objects.filter(year=spec.year).first()
    if existing is not None:
        if source == "shipped" and existing.source == "imported":
            return existing, False
        spec = fill_unknown_texts(spec, _known_texts(existing))
    data = spec.model_dump(mode="json")
    digest = _digest(data)
    if existing is not None and existing.content_sha256 == digest:
        return existing, False

    framework, _created = Framework.objects.update_or_create(
        year=spec.year,
        defaults={
            "title": spec.title,
            "status": spec.status,
            "spec": data,
            "source": source,
            "content_sha256": digest,
        },
    )
    codes = []
    for order, q in enumerate(spec.questions):
        codes.append(q.code)
        Question.objects.update_or_create(
            framework=framework,
            code=q.code,
            defaults={
                "tool": spec.tool_of(q.code),
                "indicator": q.indicator,
                "sub_indicator": q.sub_indicator or "",
                "text": q.text or "",
                "text_status": q.text_status,
                "answer_type": q.answer_type,
                "order": order,
            },
        )
    # Questions dropped from the file go, unless scores already point at them.
    framework.questions.exclude(code__in=codes).filter(scores__isnull=True).delete()
    return framework, True


def frameworks_load_shipped() -> list[tuple[Framework, bool]]:
    return [framework_load(spec) for spec in load_shipped_frameworks()]


@lru_cache(maxsize=32)
def _spec_for(pk: int, digest: str) -> FrameworkSpec:
    return FrameworkSpec.model_validate(Framework.objects.get(pk=pk).spec)


def framework_spec(framework: Framework) -> FrameworkSpec:
    """The validated spec of a framework, cached by its content hash so a
    changed framework is never served stale."""
    return _spec_for(framework.pk, framework.content_sha256)


@transaction.atomic
def framework_fill_texts(framework: Framework, texts: dict[str, str]) -> list[str]:
    """Fill unknown question texts (e.g. from an import that carries them).
    Returns the codes that were filled; confirmed texts are never replaced."""
    spec = framework_spec(framework)
    wanted = {
        code: text.strip()
        for code, text in texts.items()
        if text.strip() and spec.has_question(code) and spec.question(code).text is None
    }
    if not wanted:
        return []
    new_spec = fill_unknown_texts(spec, wanted)
    data = new_spec.model_dump(mode="json")
    framework.spec = data
    framework.content_sha256 = _digest(data)
    framework.save(update_fields=["spec", "content_sha256", "loaded_at"])
    for code, text in wanted.items():
        Question.objects.filter(framework=framework, code=code).update(
            text=text, text_status="confirmed"
        )
    return sorted(wanted)
