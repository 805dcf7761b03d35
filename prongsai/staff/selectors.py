"""Reads of the staff area: a fixed number of queries whatever the number of
agencies (the list is paged)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from prongsai.accounts.invitations import pending
from prongsai.accounts.models import Invitation, Role, StaffAction
from prongsai.agencies.models import Agency
from prongsai.network.models import Supervision

PAGE_SIZE = 50


def agencies_page(query: str, page: str | int | None) -> Page[Agency]:
    qs: QuerySet[Agency] = Agency.objects.annotate(
        admins=Count("memberships", filter=Q(memberships__role=Role.ADMIN), distinct=True),
        members=Count("memberships", distinct=True),
    ).order_by("province", "district", "name")
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(slug__icontains=query)
            | Q(code=query)
            | Q(province__icontains=query)
            | Q(district__icontains=query)
        )
    return Paginator(qs, PAGE_SIZE).get_page(page)


def supervisors() -> list[Supervision]:
    return list(Supervision.objects.select_related("user").order_by("kind", "province", "district"))


def supervisor_invitations() -> list[Invitation]:
    return list(pending(Invitation.objects.filter(agency=None)).order_by("-created_at"))


def staff_log(limit: int = 50) -> list[StaffAction]:
    return list(StaffAction.objects.all()[:limit])
