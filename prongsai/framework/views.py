from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from prongsai.framework.library import FrameworkFileError, framework_to_yaml, parse_framework_text
from prongsai.framework.models import Framework
from prongsai.framework.services import framework_load, framework_spec

MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024


@login_required
def index(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.all()
    return render(request, "framework/index.html", {"frameworks": frameworks, "error": None})


@login_required
def detail(request: HttpRequest, year: int) -> HttpResponse:
    framework = get_object_or_404(Framework, year=year)
    spec = framework_spec(framework)
    indicators = [(ind, spec.questions_for_indicator(ind.number)) for ind in spec.indicators]
    return render(
        request,
        "framework/detail.html",
        {"framework": framework, "spec": spec, "indicators": indicators},
    )


@login_required
def download(request: HttpRequest, year: int) -> HttpResponse:
    framework = get_object_or_404(Framework, year=year)
    response = HttpResponse(
        framework_to_yaml(framework_spec(framework)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ita-{year}.yaml"'
    return response


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """A supervisor or maintainer imports the framework file of a new year.
    Frameworks are shared by every agency, so agency admins cannot do this."""
    if not request.user.is_staff:
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบนำเข้ากรอบการประเมินได้"))
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("กรุณาเลือกไฟล์ YAML")
        elif (upload.size or 0) > MAX_FRAMEWORK_BYTES:
            error = _("ไฟล์ใหญ่เกินไป")
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                spec = parse_framework_text(text, source_name=upload.name or "upload.yaml")
            except UnicodeDecodeError:
                error = _("ไฟล์ต้องเป็นข้อความ UTF-8")
            except FrameworkFileError as e:
                error = str(e)
            else:
                framework, changed = framework_load(spec, source="imported")
                messages.success(
                    request,
                    _("นำเข้ากรอบการประเมินปี %(y)s แล้ว") % {"y": framework.year}
                    if changed
                    else _("กรอบการประเมินปี %(y)s ไม่มีการเปลี่ยนแปลง") % {"y": framework.year},
                )
                return redirect("framework:detail", year=framework.year)
    return render(
        request,
        "framework/index.html",
        {"frameworks": Framework.objects.all(), "error": error},
        status=400 if error else 200,
    )
