"""Who may see and change what.

Agency admin: everything in the agency. Department editor: reads the agency,
changes only what belongs to its departments. Viewer: reads. Nobody sees
another agency: views look objects up through `get_for_agency`, so a guessed
id of another agency's object answers 404, not 403 (a 403 would confirm that
the object exists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import Agency

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]


def membership_of(request: HttpRequest) -> Membership | None:
    membership = getattr(request, "membership", None)
    # SimpleLazyObject wrapping None is truthy; unwrap by attribute access.
    if membership is None or getattr(membership, "pk", None) is None:
        return None
    return membership


def agency_of(request: HttpRequest) -> Agency:
    membership = membership_of(request)
    if membership is None:
        raise PermissionDenied
    return membership.agency


def member_required(view: View) -> View:
    """Signed in and a member of an agency; sets request.agency."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = membership_of(request)
        if membership is None:
            # A supervisor belongs to no agency: their home is the network view.
            if request.user.supervisions.exists():  # type: ignore[union-attr]
                return redirect("network:index")
            raise PermissionDenied(_("ผู้ใช้นี้ยังไม่ได้อยู่ในหน่วยงานใด"))
        request.agency = membership.agency  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def admin_required(view: View) -> View:
    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = membership_of(request)
        if membership is None or membership.role != Role.ADMIN:
            raise PermissionDenied(_("เฉพาะผู้ดูแลหน่วยงาน"))
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view: View) -> View:
    """Deployment staff (is_staff): actions shared by every agency, such as
    loading a year's framework or creating agencies. An agency role never grants
    this, and a staff account needs no membership. Anonymous users go to the
    sign-in page; a signed-in non-staff user gets 404, so the staff area does not
    announce itself to the 800 agency admins of a shared server."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def get_for_agency[M: models.Model](
    model_or_qs: type[M] | models.QuerySet[M],
    agency: Agency,
    *,
    path: str = "agency",
    **lookup: Any,
) -> M:
    """Fetch one object of the agency or raise Http404. `path` is the lookup
    from the object to its agency (e.g. "measure__agency")."""
    return get_object_or_404(model_or_qs, **{path: agency}, **lookup)


def is_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.ADMIN


def can_edit(membership: Membership | None, department_ids: Iterable[int]) -> bool:
    """May this member change an object that belongs to these departments?
    Admins may change anything; editors only what touches one of their
    departments; viewers nothing."""
    if membership is None:
        return False
    if membership.role == Role.ADMIN:
        return True
    if membership.role != Role.EDITOR:
        return False
    own = set(membership.departments.values_list("id", flat=True))
    return bool(own & set(department_ids))


def require_edit(membership: Membership | None, department_ids: Iterable[int]) -> None:
    if not can_edit(membership, department_ids):
        raise PermissionDenied(_("ไม่มีสิทธิ์แก้ไขรายการของส่วนราชการอื่น"))
