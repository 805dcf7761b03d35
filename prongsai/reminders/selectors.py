"""What each weekly digest says. Every function runs a fixed number of
queries whatever the number of agencies: rows of all agencies are fetched at
once and grouped in Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from prongsai.accounts.models import Membership, Role
from prongsai.agencies.models import Agency
from prongsai.improvement.models import Measure, MeasureStatus, Step
from prongsai.lib.thai import fiscal_year_be
from prongsai.network.models import Supervision
from prongsai.publishing.models import DisclosureItem, DisclosureYear, LinkCheck
from prongsai.reminders.models import DigestSent
from prongsai.surveys.models import Survey

User = get_user_model()
DUE_SOON_DAYS = 14


def week_of(today: dt.date) -> dt.date:
    """The Monday of `today`'s week: the key of "once per week"."""
    return today - dt.timedelta(days=today.weekday())


@dataclass
class AgencyDue:
    agency: Agency
    overdue: list[Measure] = field(default_factory=list)
    due_soon: list[Measure] = field(default_factory=list)
    oit_missing: list[DisclosureItem] = field(default_factory=list)
    oit_closes: dt.date | None = None
    oit_days: int | None = None
    surveys_short: list[Survey] = field(default_factory=list)
    # Steps with their own date, past it, of measures still open.
    steps_overdue: list[Step] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.overdue
            or self.due_soon
            or self.steps_overdue
            or self.oit_missing
            or self.surveys_short
        )


def recipients(today: dt.date, kind: str) -> QuerySet:  # type: ignore[type-arg]
    """Active users with an address, not opted out, not yet sent this week."""
    sent = DigestSent.objects.filter(week=week_of(today), kind=kind).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminder_preference__enabled=False)
        .exclude(pk__in=sent)
    )


def _ids(today: dt.date, kind: str) -> list[int]:
    # One query whatever the number of agencies; the lists stay small (people).
    return list(recipients(today, kind).values_list("pk", flat=True))


def _open_measures_q(today: dt.date) -> Q:
    return Q(closed_at__isnull=True, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)) & ~Q(
        status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED]
    )


def agencies_due(agency_ids: set[int], today: dt.date) -> dict[int, AgencyDue]:
    """Per agency: measures overdue or due within 14 days, steps past their
    own date (of measures neither done, cancelled nor closed: a step has no
    status of its own), this cycle's OIT items whose newest check did not
    pass, days to the OIT deadline, and open surveys below their minimum
    sample. Six queries."""
    cycle = fiscal_year_be(today)
    out = {a.pk: AgencyDue(agency=a) for a in Agency.objects.filter(pk__in=agency_ids)}
    for m in Measure.objects.filter(_open_measures_q(today), agency_id__in=out).order_by(
        "due_date", "pk"
    ):
        due = out[m.agency_id]
        assert m.due_date is not None
        (due.overdue if m.due_date < today else due.due_soon).append(m)
    steps = (
        Step.objects.filter(
            due__lt=today,
            done_on__isnull=True,
            measure__agency_id__in=out,
            measure__closed_at__isnull=True,
        )
        .exclude(measure__status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])
        .select_related("measure")
        .order_by("due", "measure_id", "order")
    )
    for step in steps:
        out[step.measure.agency_id].steps_overdue.append(step)
    last_ok = LinkCheck.objects.filter(item=OuterRef("pk")).order_by("-fetched_at", "-id")
    items = (
        DisclosureItem.objects.filter(agency_id__in=out, year=cycle)
        .annotate(last_ok=Subquery(last_ok.values("ok")[:1]))
        # Never checked (NULL) counts as not passing; exclude() would drop NULLs.
        .filter(Q(last_ok=False) | Q(last_ok__isnull=True))
        .order_by("order", "code")
    )
    for item in items:
        out[item.agency_id].oit_missing.append(item)
    for dy in DisclosureYear.objects.filter(agency_id__in=out, year=cycle):
        out[dy.agency_id].oit_closes = dy.window_closes
        if dy.window_closes:
            out[dy.agency_id].oit_days = (dy.window_closes - today).days
    surveys = (
        Survey.objects.filter(
            agency_id__in=out, opens_on__lte=today, closes_on__gte=today, min_sample__isnull=False
        )
        .annotate(n=Count("responses"))
        .order_by("closes_on")
    )
    for s in surveys:
        if s.n < (s.min_sample or 0):
            out[s.agency_id].surveys_short.append(s)
    return out


def admin_digests(today: dt.date) -> list[tuple[object, list[AgencyDue]]]:
    """(user, the agencies they administer that have something due)."""
    memberships = list(
        Membership.objects.filter(
            role=Role.ADMIN, user_id__in=_ids(today, "agency")
        ).select_related("user")
    )
    dues = agencies_due({m.agency_id for m in memberships}, today)
    per_user: dict[int, tuple[object, list[AgencyDue]]] = {}
    for m in memberships:
        due = dues.get(m.agency_id)
        if due is None or due.empty:
            continue
        per_user.setdefault(m.user_id, (m.user, []))[1].append(due)
    return list(per_user.values())


@dataclass
class ScopeRow:
    agency: Agency
    overdue: int
    oit_items: int
    oit_passing: int
    oit_days: int | None
    measures: int

    @property
    def oit_not_ready(self) -> bool:
        return self.oit_items == 0 or self.oit_passing < self.oit_items


def supervisor_digests(today: dt.date) -> list[tuple[object, list[ScopeRow]]]:
    """(supervisor, agencies in their scopes at risk: overdue measures, OIT not
    ready, or no measures yet). One query per supervision (scopes differ),
    constant in the number of agencies."""
    cycle = fiscal_year_be(today)
    per_user: dict[int, tuple[object, list[ScopeRow]]] = {}
    supervisions = Supervision.objects.filter(user_id__in=_ids(today, "network")).select_related(
        "user"
    )
    for sup in supervisions:
        last_ok = LinkCheck.objects.filter(item=OuterRef("pk")).order_by("-fetched_at", "-id")
        items = DisclosureItem.objects.filter(agency=OuterRef("pk"), year=cycle)
        passing = items.annotate(ok=Subquery(last_ok.values("ok")[:1])).filter(ok=True)
        agencies = (
            Agency.objects.filter(sup.scope.agencies_q())
            .annotate(
                n_measures=_count(Measure.objects.filter(agency=OuterRef("pk"))),
                n_overdue=_count(
                    Measure.objects.filter(
                        Q(due_date__lt=today, closed_at__isnull=True)
                        & ~Q(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED]),
                        agency=OuterRef("pk"),
                    )
                ),
                n_items=_count(items),
                n_passing=_count(passing),
                closes=Subquery(
                    DisclosureYear.objects.filter(agency=OuterRef("pk"), year=cycle).values(
                        "window_closes"
                    )[:1]
                ),
            )
            .order_by("province", "district", "name")
        )
        rows = []
        for a in agencies:
            row = ScopeRow(
                agency=a,
                overdue=a.n_overdue,
                oit_items=a.n_items,
                oit_passing=a.n_passing,
                oit_days=(a.closes - today).days if a.closes else None,
                measures=a.n_measures,
            )
            if row.overdue or row.oit_not_ready or not row.measures:
                rows.append(row)
        if rows:
            per_user.setdefault(sup.user_id, (sup.user, []))[1].extend(rows)
    return list(per_user.values())


def _count(qs: QuerySet) -> Subquery:  # type: ignore[type-arg]
    from django.db.models import IntegerField, Value
    from django.db.models.functions import Coalesce

    counted = qs.order_by().values("agency").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))  # type: ignore[return-value]
