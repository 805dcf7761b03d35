import re
from django.urls import reverse
from tests.security import cases

def test_debug(world, as_persona):
    for route in ["assessments:import_text", "surveys:new_custom", "surveys:question_add"]:
        case = cases.POST[route]
        c = as_persona("admin")
        r = c.post(reverse(route, kwargs=case.kwargs(world)), case.data(world))
        html = r.content.decode()
        i = html.find("<main")
        text = re.sub(r"<[^>]+>", " ", html[i:])
        text = re.sub(r"\s+", " ", text)
        print("\n=====", route, r.status_code, text[:1500])
