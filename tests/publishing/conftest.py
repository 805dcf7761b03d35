"""A local web server for the website checker tests (127.0.0.1 only, random port).

One threaded stdlib server per test session serves every kind of agency page the
checker must judge; it counts concurrent requests per group so the limits can be
tested. A twin bound to 127.0.0.2 (still loopback) plays "another agency's host".
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

# The checker refuses loopback addresses unless told otherwise; tests of the checker
# against these servers allow them explicitly.
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)
HUGE_SIZE = 50 * 1024 * 1024
LAST_MODIFIED = datetime(2024, 3, 15, 8, 30, tzinfo=UTC)

GOOD_THAI_HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>o11</title>"
    "<script>var year = 2560;</script></head><body>"
    # A zero-width space and a stray space inside the keyword, as web editors leave them.
    "<h1>แผน\u200bดำเนิน งานและการใช้งบประมาณประจำปี</h1>"
    "<p>ประจำปีงบประมาณ พ.ศ.๒๕๖๗</p><footer>© 2560 อบต.ตัวอย่าง</footer>"
    "</body></html>"
).encode()
GOOD_ARABIC_HTML = (
    "<html><body><h1>รายงานผลการดำเนินงานประจำปี</h1><p>ปีงบประมาณ 2567</p></body></html>"
).encode()
OLD_YEAR_HTML = (
    "<html><body><h1>แผนดำเนินงานประจำปี พ.ศ. 2566</h1><p>อ้างอิงแผนปี 2565</p></body></html>"
).encode()
TIS620_HTML = (
    "<html><head><title>ประกาศ</title></head><body>"
    "<p>ประกาศเจตนารมณ์ No Gift Policy ประจำปี พ.ศ. ๒๕๖๗</p></body></html>"
).encode("tis-620")
TIS620_META_HTML = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874">'
    "</head><body><p>คู่มือการปฏิบัติงาน ปี 2567</p></body></html>"
).encode("cp874")
PDF_SOURCE = """#set text(font: "Sarabun", lang: "th")
= แผนดำเนินงานประจำปี
ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (o11)
"""


@dataclass
class SiteState:
    """What the server saw, shared by all its threads (and its twin)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    active: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    huge_sent: int = 0
    huge_done: threading.Event = field(default_factory=threading.Event)
    pdf: bytes = b""

    def enter(self, group: str) -> None:
        with self.lock:
            for key in (group, "*all*"):
                self.active[key] = self.active.get(key, 0) + 1
                self.peak[key] = max(self.peak.get(key, 0), self.active[key])

    def leave(self, group: str) -> None:
        with self.lock:
            for key in (group, "*all*"):
                self.active[key] -= 1


class _Handler(BaseHTTPRequestHandler):
    state: SiteState  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        route = getattr(
            self, "route_" + parts.path.strip("/").replace("-", "_").replace(".", "_"), None
        )
        if route is None:
            self.send_page(b"<html><body>Not Found</body></html>", status=404)
        else:
            # The checker hangs up on purpose (timeouts, max_bytes).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(query)

    def send_page(self, body: bytes, *, status: int = 200, ctype: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_good_thai(self, query: dict[str, str]) -> None:
        last_modified = format_datetime(LAST_MODIFIED, usegmt=True)
        self.send_page(GOOD_THAI_HTML, headers={"Last-Modified": last_modified})

    def route_good_arabic(self, query: dict[str, str]) -> None:
        self.send_page(GOOD_ARABIC_HTML)

    def route_old_year(self, query: dict[str, str]) -> None:
        self.send_page(OLD_YEAR_HTML)

    def route_tis620(self, query: dict[str, str]) -> None:
        self.send_page(TIS620_HTML, ctype="text/html; charset=TIS-620")

    def route_tis620_meta(self, query: dict[str, str]) -> None:
        self.send_page(TIS620_META_HTML, ctype="text/html")

    def route_report_pdf(self, query: dict[str, str]) -> None:
        # Agency servers often send PDFs as octet-stream: the checker must sniff.
        self.send_page(self.state.pdf, ctype="application/octet-stream")

    def route_image(self, query: dict[str, str]) -> None:
        self.send_page(b"\x89PNG\r\n\x1a\n" + bytes(200), ctype="image/png")

    def route_loop(self, query: dict[str, str]) -> None:
        self.redirect("/loop-back")

    def route_loop_back(self, query: dict[str, str]) -> None:
        self.redirect("/loop")

    def route_go(self, query: dict[str, str]) -> None:
        self.redirect(query["to"])  # an open redirect, as many agency CMSes have

    def route_chain(self, query: dict[str, str]) -> None:
        step = int(query.get("n", "3"))
        self.redirect(f"/chain?n={step - 1}" if step > 1 else "/good-arabic")

    def route_slow(self, query: dict[str, str]) -> None:
        time.sleep(float(query.get("s", "5")))
        self.send_page(GOOD_ARABIC_HTML)

    def route_trickle(self, query: dict[str, str]) -> None:
        body = GOOD_ARABIC_HTML
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for index in range(len(body)):  # one byte every 0.1 s: ~10 s for the page
            self.wfile.write(body[index : index + 1])
            self.wfile.flush()
            time.sleep(0.1)

    def route_huge(self, query: dict[str, str]) -> None:
        # 50 MB made on the fly; the year is in the first line.
        first = "รายงานประจำปี พ.ศ. ๒๕๖๗\n".encode()
        if query.get("year") == "late":
            first = b"no year here\n"
        chunk = b"x" * 65536
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_SIZE))
        self.end_headers()
        sent = 0
        try:
            self.wfile.write(first)
            sent = len(first)
            while sent < HUGE_SIZE:
                piece = chunk[: HUGE_SIZE - sent]
                self.wfile.write(piece)
                sent += len(piece)
        finally:
            self.state.huge_sent = sent
            self.state.huge_done.set()

    def route_count(self, query: dict[str, str]) -> None:
        group = query.get("group", "default")
        self.state.enter(group)
        try:
            time.sleep(float(query.get("delay", "0.2")))
        finally:
            self.state.leave(group)
        self.send_page(GOOD_ARABIC_HTML)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # slow handlers must not hold up the end of the session
    request_queue_size = 64  # many checker connections arrive at once


@dataclass
class SiteServer:
    host: str
    port: int
    state: SiteState

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


def _start(host: str, state: SiteState, context: ssl.SSLContext | None = None):
    handler = type("Handler", (_Handler,), {"state": state})
    server = _Server((host, 0), handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return server


def _make_pdf(tmp: Path) -> bytes:
    import fontpkg
    import typst

    source = tmp / "report.typ"
    source.write_text(PDF_SOURCE, encoding="utf-8")
    font_dir = Path(fontpkg.path("Sarabun")).parent
    return typst.compile(str(source), font_paths=[str(font_dir)])


@pytest.fixture(scope="session")
def site_state(tmp_path_factory: pytest.TempPathFactory) -> SiteState:
    return SiteState(pdf=_make_pdf(tmp_path_factory.mktemp("pdf")))


@pytest.fixture(scope="session", autouse=False)
def site_server(site_state: SiteState) -> Iterator[SiteServer]:
    # The checker honours proxy variables (agency networks need them); tests must not.
    with pytest.MonkeyPatch.context() as patch:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                     "all_proxy"):  # fmt: skip
            patch.delenv(name, raising=False)
        server = _start("127.0.0.1", site_state)
        yield SiteServer("127.0.0.1", server.server_address[1], site_state)
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def other_site_server(site_server: SiteServer) -> Iterator[SiteServer]:
    """The same site on 127.0.0.2: another host name for the per-host limit."""
    try:
        server = _start("127.0.0.2", site_server.state)
    except OSError as exc:
        pytest.skip(f"cannot bind 127.0.0.2 on this system: {exc}")
    yield SiteServer("127.0.0.2", server.server_address[1], site_server.state)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls_site_server(site_server: SiteServer, tmp_path_factory: pytest.TempPathFactory):
    """The same site over HTTPS with a self-signed certificate (as a broken agency site)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, env={**os.environ, "OPENSSL_CONF": "/dev/null"},
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _start("127.0.0.1", site_server.state, context)
    yield SiteServer("127.0.0.1", server.server_address[1], site_server.state)
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
