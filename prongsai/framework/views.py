from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from prongsai.framework.export import framework_to_yaml
from prongsai.framework.models import Framework
from prongsai.framework.services import framework_spec


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
