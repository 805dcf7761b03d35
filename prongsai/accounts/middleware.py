from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from prongsai.accounts.models import Membership

SESSION_KEY = "agency_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the signed-in user works in: the agency chosen in this
    session, else their first. Every agency-scoped lookup starts here."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("agency").filter(user=user)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        found = memberships.filter(agency_id=chosen).first()
        if found is not None:
            return found
    return memberships.order_by("agency__name").first()


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = SimpleLazyObject(lambda: current_membership(request))  # type: ignore[attr-defined]
        return self.get_response(request)
