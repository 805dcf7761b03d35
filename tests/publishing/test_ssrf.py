"""The website checker never lets a disclosure link point the server at its own network.

Who would abuse it: any agency officer (or whoever took over their account) who types a
link to http://169.254.169.254/ (cloud credentials), http://127.0.0.1:5432/ or a LAN
address, then downloads the "dated copy". Every refused address here is checked to be
never connected to: loopback listeners count hits, and the function that opens TCP
connections is watched. No traffic leaves 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import httpcore
import httpx
import pytest

from prongsai.lib import safe_http
from prongsai.lib.safe_http import address_allowed, parse_networks
from prongsai.publishing.checker import CheckResult, CheckTarget, check_targets_sync

from .conftest import LOOPBACK, SiteServer

BLOCKED = "ที่อยู่นี้เป็นเครือข่ายภายใน ตรวจไม่ได้"
PUBLIC = "93.184.216.34"  # a public address; the tests never really connect to it


def check_one(url: str, **kwargs) -> CheckResult:  # type: ignore[no-untyped-def]
    kwargs.setdefault("timeout", 2.0)
    (result,) = check_targets_sync([CheckTarget("o11", url, 2567)], **kwargs)
    return result


def assert_blocked(result: CheckResult) -> None:
    assert not result.ok
    assert (result.error, result.status, result.problems) == ("blocked", None, (BLOCKED,))
    assert result.body is None and result.sha256 is None  # no copy of anything


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address the checker opened a TCP connection to."""
    seen: list[str] = []
    original = safe_http.connect

    async def watched(backend, address, port, *args):  # type: ignore[no-untyped-def]
        seen.append(address)
        return await original(backend, address, port, *args)

    monkeypatch.setattr(safe_http, "connect", watched)
    return seen


class Listener:
    """A bare listening socket: counts the connections that reached it."""

    def __init__(self, family: socket.AddressFamily, host: str) -> None:
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def hits(self) -> int:
        count = 0
        while True:
            try:
                conn, _addr = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


@pytest.fixture
def listener_v4() -> Iterator[Listener]:
    listener = Listener(socket.AF_INET, "127.0.0.1")
    yield listener
    listener.sock.close()


@pytest.fixture
def listener_v6() -> Iterator[Listener]:
    try:
        listener = Listener(socket.AF_INET6, "::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    yield listener
    listener.sock.close()


# ---------------------------------------------------------------- which addresses


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "240.0.0.1",
        "255.255.255.255", "192.0.0.1", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1",
        "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "::ffff:10.0.0.1", "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:c0a8:101::1",
        "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::a00:1", "64:ff9b:1::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo to 127.0.0.1
    ],
)  # fmt: skip
def test_internal_addresses_are_refused(address: str) -> None:
    assert not address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", [PUBLIC, "1.1.1.1", "2606:4700:4700::1111", "::ffff:1.1.1.1", "64:ff9b::101:101"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_allowed(ipaddress.ip_address(address))


def test_allowed_networks_let_only_those_internal_addresses_through() -> None:
    allowed = parse_networks(["127.0.0.0/8", "fd00::/8"])

    assert address_allowed(ipaddress.ip_address("127.0.0.1"), allowed)
    assert address_allowed(ipaddress.ip_address("::ffff:127.0.0.1"), allowed)
    assert address_allowed(ipaddress.ip_address("fd12::1"), allowed)
    assert not address_allowed(ipaddress.ip_address("10.0.0.1"), allowed)
    assert not address_allowed(ipaddress.ip_address("169.254.169.254"), allowed)


def test_a_network_that_is_not_a_cidr_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33'"):
        parse_networks(["127.0.0.0/8", "10.0.0.0/33"])


# ---------------------------------------------------------------- the checker


def test_link_to_loopback_is_refused_and_never_connected_to(
    site_server: SiteServer, listener_v4: Listener, connects: list[str]
) -> None:
    result = check_one(f"http://127.0.0.1:{listener_v4.port}/secret")
    page = check_one(site_server.url("/count?group=ssrf-loopback&delay=0"))

    assert_blocked(result)
    assert_blocked(page)
    assert listener_v4.hits() == 0 and connects == []
    assert "ssrf-loopback" not in site_server.state.peak


def test_link_to_ipv6_loopback_is_refused_and_never_connected_to(
    listener_v6: Listener, connects: list[str]
) -> None:
    assert_blocked(check_one(f"http://[::1]:{listener_v6.port}/secret"))
    assert_blocked(check_one(f"http://[::ffff:127.0.0.1]:{listener_v6.port}/secret"))
    assert listener_v6.hits() == 0 and connects == []


@pytest.mark.parametrize("host", ["localhost", "2130706433", "0x7f.0.0.1", "127.1"])
def test_other_spellings_of_loopback_are_resolved_then_refused(
    host: str, listener_v4: Listener, connects: list[str]
) -> None:
    # Names the operating system resolves without asking any DNS server.
    assert_blocked(check_one(f"http://{host}:{listener_v4.port}/secret"))
    assert listener_v4.hits() == 0 and connects == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://0.0.0.0:8000/",
        "http://[::]:8000/",
        "https://10.1.2.3/",
        "http://100.64.1.1/",
    ],
)
def test_link_to_cloud_metadata_or_lan_is_refused_without_connecting(
    url: str, connects: list[str]
) -> None:
    assert_blocked(check_one(url))
    assert connects == []


def test_redirect_from_an_allowed_host_to_an_internal_address_is_refused_at_the_hop(
    site_server: SiteServer, connects: list[str]
) -> None:
    # The agency's own site (allowed here, as a public site would be) redirects inward.
    allowed = parse_networks([f"{site_server.host}/32"])
    url = site_server.url("/go?to=http://169.254.169.254/latest/meta-data/")

    result = check_one(url, allowed_networks=allowed)

    assert_blocked(result)
    assert result.final_url == "http://169.254.169.254/latest/meta-data/"
    assert connects == [site_server.host]  # the first hop only


def test_redirect_to_a_name_that_resolves_inward_is_refused_at_the_hop(
    site_server: SiteServer, connects: list[str]
) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return {"agency.example": [site_server.host], "metadata.example": ["169.254.169.254"]}[host]

    allowed = parse_networks([f"{site_server.host}/32"])
    target = f"http://agency.example:{site_server.port}/go?to=http://metadata.example/creds"

    result = check_one(target, allowed_networks=allowed, resolver=resolver)

    assert_blocked(result)
    assert connects == [site_server.host]


def test_host_name_resolving_to_a_private_address_is_refused(
    site_server: SiteServer, connects: list[str]
) -> None:
    asked: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return [site_server.host]

    url = f"http://intranet.example:{site_server.port}/count?group=ssrf-name&delay=0"
    result = check_one(url, resolver=resolver)

    assert_blocked(result)
    assert asked == ["intranet.example"] and connects == []
    assert "ssrf-name" not in site_server.state.peak


def test_host_name_with_one_private_address_among_public_ones_is_refused(
    connects: list[str],
) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return [PUBLIC, "10.0.0.7"]

    assert_blocked(check_one("http://mixed.example/o11", resolver=resolver))
    assert connects == []


def test_dns_rebinding_cannot_make_the_checker_connect_to_a_private_address(
    site_server: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first answer is public; any later lookup of the same name says loopback.
    answers = iter([[PUBLIC]])

    async def resolver(host: str, port: int) -> list[str]:
        return next(answers, [site_server.host])

    opened: list[str] = []

    async def fake_connect(backend, address, port, *args):  # type: ignore[no-untyped-def]
        opened.append(address)  # never really open the public address
        raise httpcore.ConnectError("test: not connecting anywhere")

    monkeypatch.setattr(safe_http, "connect", fake_connect)
    url = f"http://rebind.example:{site_server.port}/count?group=ssrf-rebind&delay=0"

    result = check_one(url, resolver=resolver)

    assert opened == [PUBLIC]  # the address that was checked, and only that one
    assert (result.ok, result.error, result.body) == (False, "connect", None)
    assert "ssrf-rebind" not in site_server.state.peak


def test_allowed_name_keeps_its_host_name_in_the_request(site_server: SiteServer) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return [site_server.host]

    url = f"http://agency.example:{site_server.port}/good-arabic"
    result = check_one(url, resolver=resolver, allowed_networks=LOOPBACK)

    assert result.ok and result.final_url == url


def test_credentials_in_a_link_are_refused_without_a_request() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    result = check_one("http://admin:secret@agency.test/o11", transport=httpx.MockTransport(refuse))

    assert (result.ok, result.error, result.body) == (False, "invalid_url", None)
    assert result.problems == ("ลิงก์มีชื่อผู้ใช้หรือรหัสผ่าน (user:password@) ตรวจไม่ได้",)


@pytest.mark.parametrize(
    ("location", "error"),
    [
        ("http://169.254.169.254/latest/meta-data/", "blocked"),
        ("http://[::ffff:127.0.0.1]/", "blocked"),
        ("http://admin:secret@agency.test/b", "invalid_url"),
        ("file:///etc/passwd", "invalid_url"),
        ("gopher://agency.test/", "invalid_url"),
    ],
)
def test_redirect_hop_is_checked_before_it_is_requested(location: str, error: str) -> None:
    requested: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": location})

    result = check_one("http://agency.test/a", transport=httpx.MockTransport(answer))

    assert requested == ["http://agency.test/a"]
    assert (result.ok, result.error, result.body, result.sha256) == (False, error, None, None)


# ---------------------------------------------------------------- command and page


@pytest.fixture
def internal_links(settings, tmp_path, agency, site_server: SiteServer):  # type: ignore[no-untyped-def]
    """An agency whose o1 links point at this server's own loopback (default settings)."""
    from prongsai.publishing.services import disclosure_items_ensure, disclosure_update

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DISCLOSURE_CHECK_TIMEOUT = 2.0
    assert settings.CHECKER_ALLOWED_NETWORKS == ()  # the default: nothing internal
    urls = [
        site_server.url("/count?group=ssrf-command&delay=0"),
        site_server.url("/go?to=http://169.254.169.254/latest/meta-data/"),
    ]
    items = {i.code: i for i in disclosure_items_ensure(agency=agency, year=2567)}
    disclosure_update(item=items["o1"], actor=None, links=urls)
    return urls


def test_check_command_shows_the_thai_text_and_keeps_no_copy(
    internal_links, site_server: SiteServer, tmp_path
) -> None:
    import io

    from django.core.management import call_command

    from prongsai.publishing.models import LinkCheck

    err = io.StringIO()
    call_command("check_disclosure", "--agency", "tha-talad", "--year", "2567",
                 stdout=io.StringIO(), stderr=err)  # fmt: skip

    assert err.getvalue().count(BLOCKED) == 2
    checks = LinkCheck.objects.filter(url__in=internal_links)
    assert checks.count() == 2
    for check in checks:
        assert (check.ok, check.error, check.status) == (False, "blocked", None)
        assert (check.sha256, check.size, check.problems) == ("", 0, [BLOCKED])
    assert "ssrf-command" not in site_server.state.peak
    snapshots = tmp_path / "media"
    assert not snapshots.exists() or not any(p.is_file() for p in snapshots.rglob("*"))


def test_check_page_shows_the_thai_text_and_offers_no_copy(
    login, agency_admin, internal_links, frameworks
) -> None:
    from prongsai.publishing.checking import disclosure_check_run

    run = disclosure_check_run(agency=agency_admin.memberships.first().agency, year=2567,
                               actor=agency_admin)  # fmt: skip
    client = login(agency_admin)

    page = client.get(f"/disclosure/checks/{run.pk}/").content.decode()
    assert page.count(BLOCKED) == 2
    assert "/disclosure/checks/copy/" not in page
    for check in run.checks.all():
        assert client.get(f"/disclosure/checks/copy/{check.pk}/").status_code == 404
