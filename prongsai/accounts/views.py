from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from prongsai.accounts.middleware import SESSION_KEY


@require_POST
@login_required
def switch_agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    if not request.user.memberships.filter(agency_id=agency_id).exists():  # type: ignore[union-attr]
        raise Http404
    request.session[SESSION_KEY] = agency_id
    return redirect("assessments:dashboard")
