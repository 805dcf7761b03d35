"""Every state change of the improvement cycle: one function each, named
`<entity>_<action>`, keyword-only, atomic, validated (ValidationError with Thai
messages keyed by field) and recorded in the history. Split by entity into
modules; import them from here."""

from prongsai.improvement.services.measures import (
    departments_for_keys,
    ensure_open,
    measure_close,
    measure_create,
    measure_create_from_suggestion,
    measure_reopen,
    measure_set_status,
    measure_update,
    step_add,
    step_delete,
    step_done_set,
    step_move,
    step_update,
)
from prongsai.improvement.services.recommendations import (
    recommendation_delete_agency_copy,
    recommendation_save_agency_copy,
)
from prongsai.improvement.services.report_import import (
    report_import_apply,
    weakness_add_from_report,
)
from prongsai.improvement.services.results import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_screenshot,
    evidence_revise,
    result_add,
    result_delete,
    result_update,
)
from prongsai.improvement.services.weaknesses import (
    Advice,
    advice_for,
    findings_with_advice,
    parse_references,
    question_infos,
    weakness_add,
    weakness_drop,
    weakness_restore,
    weakness_update_text,
    weaknesses_analyze,
)

__all__ = [
    "Advice",
    "advice_for",
    "departments_for_keys",
    "ensure_open",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_add_screenshot",
    "evidence_revise",
    "findings_with_advice",
    "measure_close",
    "measure_create",
    "measure_create_from_suggestion",
    "measure_reopen",
    "measure_set_status",
    "measure_update",
    "parse_references",
    "question_infos",
    "recommendation_delete_agency_copy",
    "recommendation_save_agency_copy",
    "report_import_apply",
    "result_add",
    "result_delete",
    "result_update",
    "step_add",
    "step_delete",
    "step_done_set",
    "step_move",
    "step_update",
    "weakness_add",
    "weakness_add_from_report",
    "weakness_drop",
    "weakness_restore",
    "weakness_update_text",
    "weaknesses_analyze",
]
