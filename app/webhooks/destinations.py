"""Where a webhook may deliver (API.md "Events and webhooks", "Destinations"): ``https`` only (``http`` only when
``ILACS_WEBHOOK_ALLOW_HTTP``), and never to a host that resolves to a loopback, private, link-local, reserved,
multicast or unspecified address unless that address lies in ``ILACS_WEBHOOK_ALLOWED_NETWORKS``. Checked when a
subscription is made or its URL changed (422), and again before every attempt (a failed attempt), so a name
that later resolves inward is refused then."""

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Refused(Exception):
    """The destination may not be delivered to; the message says why."""


def _internal(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _internal(address.ipv4_mapped)
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def networks(cidrs: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def check_form(url: str, allow_http: bool) -> str:
    """The URL's host, if its form may be delivered to; ``Refused`` otherwise."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname  # urllib checks a bracketed host here, raising ValueError
    except ValueError as exc:
        raise Refused("is not a valid URL") from exc
    allowed = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in allowed:
        raise Refused("must be an https URL" if not allow_http else "must be an http or https URL")
    if not hostname:
        raise Refused("must name a host")
    if parts.username or parts.password:
        raise Refused("must not carry credentials")
    return hostname


async def resolve(host: str, port: int | None) -> list[Address]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"its host {host} does not resolve") from exc
    return [ipaddress.ip_address(info[4][0]) for info in infos]


async def check(url: str, allow_http: bool, allowed: Sequence[Network]) -> Address:
    """The address to connect to (every address the host resolves to checked); ``Refused`` for a destination
    this service must not deliver to. The dispatcher connects to this very address (``pinned``), so a name
    that resolves differently a moment later (DNS rebinding) cannot steer the request inward."""
    host = check_form(url, allow_http)
    addresses = await resolve(host, urlsplit(url).port)
    for address in addresses:
        if _internal(address) and not any(address in network for network in allowed):
            raise Refused(f"its host {host} resolves to {address}, an internal address")
    return addresses[0]


def pinned(url: str, address: Address) -> tuple[str, str]:
    """``url`` with its host replaced by ``address``, and the original host (for ``Host`` and TLS SNI)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl(), host + (f":{parts.port}" if parts.port else "")
