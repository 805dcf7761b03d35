"""The slow agency websites the checker benchmarks talk to: a threaded local server
on 127.0.0.1-3 (all loopback on Linux), so links spread over three host names and
the per-host limit works as against three sites. Nothing leaves the machine."""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")


def page(year_thai_digits: str) -> bytes:
    """A plan page that names the fiscal year the checker looks for."""
    return (
        "<html><body><h1>แผนดำเนินงานประจำปี</h1>"
        f"<p>ปีงบประมาณ พ.ศ. {year_thai_digits}</p></body></html>"
    ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def _handler(delay: float, body: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(delay)  # a slow agency CMS
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def start_servers(delay: float, body: bytes) -> tuple[list[ThreadingHTTPServer], list[str]]:
    """One server per loopback host that can be bound; their base URLs. Call
    `shutdown()` on each when done."""
    servers: list[ThreadingHTTPServer] = []
    bases: list[str] = []
    for host in HOSTS:
        try:
            server = _Server((host, 0), _handler(delay, body))
        except OSError as exc:
            print(f"warning: cannot bind {host} ({exc}); using fewer hosts", file=sys.stderr)
            continue
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases.append(f"http://{host}:{server.server_address[1]}")
    if not servers:
        raise SystemExit("no loopback address could be bound")
    return servers, bases
