"""The staff log: what deployment staff did that touches every agency (a
framework loaded, an agency or a supervisor created, agencies imported). Agency
changes are in each agency's history; these are not any one agency's, so they
get their own list, shown on the staff page and never editable there."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from prongsai.accounts.models import StaffAction


class Action:
    """The kinds of staff action; the value is stored, keep it stable."""

    FRAMEWORK_IMPORT = "framework_import"
    AGENCY_CREATE = "agency_create"
    AGENCIES_IMPORT = "agencies_import"
    SUPERVISOR_CREATE = "supervisor_create"
    RESULTS_IMPORT = "results_import"


def staff_action_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    summary: str,
) -> StaffAction:
    """Record one staff action. A command run on the server has no signed-in
    user: `actor` is None and the name says so."""
    user = actor if actor is not None and actor.is_authenticated else None
    name = user.get_username() if user is not None else "คำสั่งบนเซิร์ฟเวอร์"
    return StaffAction.objects.create(
        actor=user, actor_name=name[:150], action=action[:40], summary=summary[:300]
    )
