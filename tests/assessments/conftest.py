import pytest

from prongsai.agencies.models import Agency


@pytest.fixture
def three(agency, other_agency):  # type: ignore[no-untyped-def]
    """Tha Talad, the other demo agency and a third found by its official code."""
    third = Agency.objects.create(
        slug="ban-mai", code="6730101", name="เทศบาลตำบลบ้านใหม่", type="sao",
        province="นครปฐม", district="สามพราน",
    )  # fmt: skip
    return agency, other_agency, third
