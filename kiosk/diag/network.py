"""The network test to the bureau, step by step, so a technician sees where the path breaks.

DNS (the name resolves), TLS (the certificate chains to the configured CA, and matches the pin),
clock skew (the bureau's Date header against ours: signed requests are refused beyond
`taxcore.signing.MAX_SKEW_S`), and one signed request (the terminal key is accepted).
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from kiosk.sync_client import BureauClient
from offline_queue.sync import TransportError
from taxcore.signing import MAX_SKEW_S


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool
    detail: str


def _dns(host: str, port: int) -> Step:
    try:
        ipaddress.ip_address(host)
        return Step("dns", True, f"{host} is an address; nothing to resolve")
    except ValueError:
        pass
    try:
        addresses = sorted({str(a[4][0]) for a in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except OSError as exc:
        return Step("dns", False, f"{host} does not resolve: {exc}")
    return Step("dns", True, f"{host} → {', '.join(addresses)}")


def _tls(client: BureauClient, host: str, port: int, timeout_s: float) -> Step:
    tls = client.tls
    context = ssl.create_default_context(cafile=tls.ca_bundle or None)
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw, \
                context.wrap_socket(raw, server_hostname=host) as conn:
            der = conn.getpeercert(binary_form=True) or b""
            cert = conn.getpeercert() or {}
            version = conn.version()
    except (OSError, ssl.SSLError) as exc:
        return Step("tls", False, f"{type(exc).__name__}: {exc}")
    fingerprint = hashlib.sha256(der).hexdigest()
    if tls.pin_sha256 and fingerprint != tls.pin_sha256.replace(":", "").lower():
        return Step("tls", False, f"certificate {fingerprint} is not the pinned one")
    subject = ", ".join("=".join(pair) for rdn in cert.get("subject", ()) for pair in rdn)
    pinned = "pinned, " if tls.pin_sha256 else ""
    return Step("tls", True, f"{version}, {pinned}{subject}, valid until {cert.get('notAfter', '?')}, "
                             f"sha256 {fingerprint[:16]}…")


def run_network_test(client: BureauClient, timeout_s: float) -> list[Step]:
    """Every step, in order; a step that cannot run because an earlier one failed says so."""
    parts = urlsplit(client.base_url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    steps = [_dns(host, port)]
    if parts.scheme == "https":
        steps.append(_tls(client, host, port, timeout_s) if steps[0].ok else Step("tls", False, "skipped: no address"))
    else:
        steps.append(Step("tls", True, "plain http to a local test bureau (local_test_bureau = true)"))
    try:
        sent = time.time()
        status, headers = client.probe("/health", timeout_s)
        received = time.time()
        date = headers.get("Date") or headers.get("date")
        if date is None:
            steps.append(Step("clock", False, f"the bureau answered {status} without a Date header"))
        else:
            skew = parsedate_to_datetime(date).timestamp() - (sent + received) / 2
            steps.append(Step("clock", abs(skew) < MAX_SKEW_S - 60,
                              f"bureau clock {skew:+.0f} s from ours (requests are refused beyond ±{MAX_SKEW_S} s)"))
    except TransportError as exc:
        steps.append(Step("clock", False, f"no answer from {client.base_url}/health: {exc}"))
    try:
        reply = client.get_json("/v1/technicians/revoked", timeout_s)
        if reply.status == 200:
            steps.append(Step("signed request", True, f"accepted for terminal {client.terminal_id}"))
        elif reply.status == 401:
            steps.append(Step("signed request", False, f"refused (401): check the terminal key and id "
                                                       f"{client.terminal_id!r} at the bureau"))
        else:
            steps.append(Step("signed request", False, f"the bureau answered {reply.status}"))
    except TransportError as exc:
        steps.append(Step("signed request", False, f"no answer: {exc}"))
    return steps
