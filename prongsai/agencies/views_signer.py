from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prongsai.accounts.access import admin_required
from prongsai.agencies.signer import SignerForm, agency_signer_update, check_signature
from prongsai.improvement.uploads import limit_uploads


@limit_uploads
@admin_required
def signer(request: HttpRequest) -> HttpResponse:
    """The executive who signs the documents (a page of its own beside the
    agency settings)."""
    agency = request.agency  # type: ignore[attr-defined]
    if request.method != "POST":
        form = SignerForm(
            initial={
                "executive_name": agency.executive_name,
                "executive_title": agency.executive_title,
            }
        )
        return render(request, "agencies/signer.html", {"form": form, "agency": agency})
    form = SignerForm(request.POST, request.FILES)
    if form.is_valid():
        image = None
        upload = form.cleaned_data["signature"]
        if upload:
            try:
                image = check_signature(upload, name=upload.name)
            except ValidationError as e:
                form.add_error("signature", e)
        if not form.errors:
            agency_signer_update(
                agency=agency,
                name=form.cleaned_data["executive_name"],
                title=form.cleaned_data["executive_title"],
                actor=request.user,
                image=image,
                remove_image=form.cleaned_data["remove_signature"],
            )
            messages.success(request, _("บันทึกผู้ลงนามแล้ว"))
            return redirect("agencies:signer")
    return render(request, "agencies/signer.html", {"form": form, "agency": agency}, status=400)
