"""Fetching URLs that users typed, without letting them point the server at itself.

A disclosure link is whatever an agency officer typed. Fetched naively, a link to
http://127.0.0.1:5432/, http://169.254.169.254/ (cloud instance credentials) or a LAN
address makes this server read its own network and hand the answer back as a "dated
copy". So every connection made here:

* resolves the host name once, itself (``resolver``, injectable for tests),
* refuses the connection when ANY of the addresses is not public (loopback, private,
  link-local, carrier-grade NAT, multicast, reserved, unspecified, and the IPv6 forms
  that carry such an IPv4 address: mapped, 6to4, Teredo, NAT64), unless it lies in
  ``allowed`` (the deployment's CHECKER_ALLOWED_NETWORKS),
* then connects to exactly the address it checked: a second DNS answer cannot swap
  in another address (DNS rebinding). The Host header, TLS SNI and certificate check
  still use the host name of the URL, because httpcore passes the name, not the
  address, to TLS.

Because the check sits where connections are opened, every redirect hop passes it.
A request hook refuses literal addresses, credentials in the URL and non-http(s)
schemes on every hop before any connection is attempted. Environment proxies are
ignored on purpose: through a proxy the proxy resolves the name, and the check would
be meaningless.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable, Iterable, Sequence

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

# Python's is_global already excludes these, but the list says what we mean and
# guards against a future change of is_global (100.64/10 was global once).
_ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(cidr)
    for cidr in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
        "240.0.0.0/4", "255.255.255.255/32", "::/128", "::1/128", "fc00::/7", "fe80::/10",
        "fec0::/10", "ff00::/8", "64:ff9b:1::/48",
    )
)  # fmt: skip
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(Exception):
    """The URL points at an address this server must not fetch.

    `reason` is "internal" (the address), "credentials" (user:password@ in the URL)
    or "scheme" (not http/https); `url` is the hop refused when known.
    """

    def __init__(self, host: str, reason: str, detail: str = "", url: str | None = None) -> None:
        super().__init__(f"{host}: {reason} {detail}".strip())
        self.host = host
        self.reason = reason
        self.url = url


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs as written in settings ("127.0.0.0/8"); ValueError names the bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as e:
            raise ValueError(f"{value!r} is not a network (CIDR such as 10.0.0.0/8): {e}") from e
    return tuple(networks)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses a 6to4 or Teredo address leads to."""
    found = []
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found


def _is_public(address: IPAddress) -> bool:
    return (
        address.is_global
        and not address.is_private
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not any(address in network for network in _ALWAYS_REFUSED)
    )


def address_allowed(address: IPAddress, allowed: Sequence[Network] = ()) -> bool:
    """True when this server may connect to `address`."""
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        address = ipaddress.IPv6Address(str(address).split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # ::ffff:a.b.c.d is a.b.c.d on the wire: judge that address only.
        return address_allowed(address.ipv4_mapped, allowed)
    if isinstance(address, ipaddress.IPv6Address) and address in _NAT64:
        # NAT64 (DNS64 on IPv6-only hosts) reaches the embedded IPv4 address: judge it.
        return address_allowed(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF), allowed)
    if any(address.version == net.version and address in net for net in allowed):
        return True
    if not _is_public(address):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        return all(address_allowed(v4, allowed) for v4 in _embedded_ipv4(address))
    return True


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system gives for `host` (one DNS lookup)."""
    answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_rest, sockaddr in answers))


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_url(url: httpx.URL, allowed: Sequence[Network] = ()) -> None:
    """Refuse, before any connection, what is wrong with the URL itself."""
    if url.scheme not in ("http", "https"):
        raise BlockedAddress(url.host, "scheme", url=str(url))
    if url.userinfo:
        raise BlockedAddress(url.host, "credentials")  # no URL: it holds a password
    address = literal_address(url.host)
    if address is not None and not address_allowed(address, allowed):
        raise BlockedAddress(url.host, "internal", str(address), url=str(url))


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, allowed: Sequence[Network], resolver: Resolver) -> None:
        self._allowed = tuple(allowed)
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        literal = literal_address(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                answers = await self._resolver(host, port)
            except OSError as e:  # socket.gaierror: the checker reports "dns"
                raise httpcore.ConnectError(str(e)) from e
            addresses = [ipaddress.ip_address(answer) for answer in answers]
        if not addresses:
            raise httpcore.ConnectError(f"{host}: no address")
        # Every answer must be public: a name that also points inward is refused.
        for address in addresses:
            if not address_allowed(address, self._allowed):
                raise BlockedAddress(host, "internal", str(address))
        error: Exception | None = None
        for address in addresses:
            try:
                return await connect(
                    self._inner, str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout, OSError) as e:
                error = e
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(path, "internal", "unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def connect(
    backend: httpcore.AsyncNetworkBackend,
    address: str,
    port: int,
    timeout: float | None,
    local_address: str | None,
    socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None,
) -> httpcore.AsyncNetworkStream:
    """Open the TCP connection to a checked address (tests replace this to watch it)."""
    return await backend.connect_tcp(
        address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
    )


def guarded_transport(
    *,
    allowed: Sequence[Network] = (),
    resolver: Resolver | None = None,
    verify: bool = True,
    limits: httpx.Limits | None = None,
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through the address check."""
    limits = limits or httpx.Limits()
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    # httpx does not take a network backend; its pool is rebuilt with the same SSL
    # context (so certificate checks stay exactly as httpx sets them up).
    ssl_context = transport._pool._ssl_context
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(allowed, resolver or system_resolver),
    )
    return transport


def request_hook(allowed: Sequence[Network] = ()) -> Callable[[httpx.Request], Awaitable[None]]:
    """An httpx "request" event hook: runs on the first request and every redirect hop."""

    async def hook(request: httpx.Request) -> None:
        check_url(request.url, allowed)

    return hook
