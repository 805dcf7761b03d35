"""Accepting an invitation (anyone holding the link), and the agency admin's
invite / resend / revoke on the settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from prongsai.accounts.access import admin_required
from prongsai.accounts.forms_invite import InviteForm, NewAccountForm
from prongsai.accounts.invitations import (
    invitation_accept_existing,
    invitation_accept_new,
    invitation_by_token,
    invitation_create,
    invitation_link,
    invitation_resend,
    invitation_revoke,
    username_suggestion,
)
from prongsai.accounts.middleware import SESSION_KEY
from prongsai.accounts.models import Invitation
from prongsai.agencies.views import render_settings

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _add_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    context: dict[str, object] = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = invitation_accept_existing(invitation=invitation, user=request.user)  # type: ignore[arg-type]
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
                return redirect("assessments:dashboard")
            messages.success(request, _("เข้าร่วม %s แล้ว") % invitation.target_name)
            if membership is None:
                return redirect("network:index")
            request.session[SESSION_KEY] = membership.agency_id
            return redirect("assessments:dashboard")
        return render(request, "accounts/invitation_accept.html", context)
    # An account with this email already exists: its owner signs in first;
    # nothing about that account changes here.
    context["has_account"] = User.objects.filter(email__iexact=invitation.email).exists()
    if context["has_account"]:
        return render(request, "accounts/invitation_accept.html", context)
    form = NewAccountForm(
        request.POST or None, initial={"username": username_suggestion(invitation.email)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept_new(
                invitation=invitation,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("สร้างบัญชีและเข้าร่วม %s แล้ว") % invitation.target_name)
            return redirect(
                "network:index" if invitation.for_supervisor else "assessments:dashboard"
            )
    context["form"] = form
    status = 400 if form.errors else 200
    return render(request, "accounts/invitation_accept.html", context, status=status)


@require_POST
@admin_required
def invite(request: HttpRequest) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    form = InviteForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            _invitation, token = invitation_create(
                agency=agency,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                departments=list(form.cleaned_data["departments"]),
                invited_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            # The link is shown once, here, so the admin can pass it on (LINE);
            # only its hash is kept.
            return render_settings(
                request, new_link=invitation_link(token), new_link_email=form.cleaned_data["email"]
            )
    return render_settings(request, invite_form=form)


@require_POST
@admin_required
def resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    try:
        token = invitation_resend(agency=agency, invitation_id=invitation_id, actor=request.user)  # type: ignore[arg-type]
    except Invitation.DoesNotExist:
        raise Http404 from None
    email = Invitation.objects.get(pk=invitation_id).email
    return render_settings(request, new_link=invitation_link(token), new_link_email=email)


@require_POST
@admin_required
def revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    agency = request.agency  # type: ignore[attr-defined]
    try:
        invitation_revoke(agency=agency, invitation_id=invitation_id, actor=request.user)  # type: ignore[arg-type]
    except Invitation.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("ยกเลิกคำเชิญแล้ว"))
    return redirect("agencies:settings")
