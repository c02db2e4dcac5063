"""What `kiosk run` checks before it serves anyone, run by `kiosk config check` through the same code.

A terminal that starts must not find out in front of a taxpayer that its bureau url is plain http,
its PIN hash was pasted half or a key file is readable by everyone. Start-up stops at the first
problem (`enforce`); `kiosk config check` lists every check with its verdict (`report`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.config import ConfigError, KioskConfig
from kiosk.file_safety import check_secret_files, read_terminal_key
from kiosk.input_limits import InputTooLarge
from offline_queue.key_files import KeyFileError

# Light imports only: start-up runs these checks before its first paint (kiosk.startup.open_window).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

PIN_HASH = re.compile(r"scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([0-9a-f]{32,128})\$([0-9a-f]{64,128})")
HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")


def check_url(url: str, local_test_bureau: bool) -> None:
    """https only; plain http only to a test bureau on this machine (the bureau client checks every url so)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme != "http":
        raise ConfigError(f"[bureau] url {url!r}: use https://")
    if not (local_test_bureau and parts.hostname in LOOPBACK_HOSTS):
        raise ConfigError(
            f"[bureau] url {url!r}: plain http is refused; use https:// (plain http is allowed only to a local "
            "test bureau on 127.0.0.1 with local_test_bureau = true)"
        )


def check_bureau_url(config: KioskConfig) -> str:
    check_url(config.bureau.url, config.bureau.local_test_bureau)
    bundle = config.bureau.ca_bundle
    if bundle and not Path(bundle).expanduser().is_file():
        raise ConfigError(f"[bureau] ca_bundle {bundle!r}: no such file")
    return config.bureau.url


def check_pin_hash(config: KioskConfig) -> str:
    stored = config.diagnostics.pin_hash
    if not stored:
        return "no PIN set (technician cards only)"
    match = PIN_HASH.fullmatch(stored)
    n = int(match.group(1)) if match else 0
    if match is None or n < 2**14 or n & (n - 1):
        raise ConfigError("[diagnostics] pin_hash: not a hash printed by `kiosk diag hash-pin` (expected "
                          "scrypt$N$r$p$salt$hash, N a power of two of at least 16384); no PIN would ever match it")
    return f"scrypt, N={n}"


def check_card_key(config: KioskConfig) -> str:
    key = config.diagnostics.card_public_key
    if key and not HEX_KEY.fullmatch(key):
        raise ConfigError("[diagnostics] card_public_key: expected the bureau's Ed25519 public key as 64 hex digits")
    return "set" if key else "not set (no technician cards)"


def check_key_files(config: KioskConfig) -> str:
    check_secret_files(config)
    key_file = config.bureau.terminal_key_file
    if not key_file:
        return "no terminal key configured: the bureau will refuse this terminal"
    key = read_terminal_key(Path(key_file).expanduser())
    if len(key) < 16:
        raise KeyFileError(f"{key_file}: the terminal key has {len(key)} bytes; `bureau terminals add` writes 32")
    return f"terminal key {key_file}: mode 600, {len(key)} bytes"


def check_outbox(config: KioskConfig) -> str:
    """Reported by `config check`; at start-up a refusal is the out-of-service screen, not an exit."""
    from kiosk.sync_client import outbox_path
    from offline_queue.outbox import Outbox

    outbox = Outbox.open(outbox_path(config), adopt=False)
    try:
        return f"{outbox_path(config)}: integrity ok, next number {outbox.get_meta('next_seq')}"
    finally:
        outbox.close()


@dataclass(frozen=True)
class Verdict:
    name: str
    ok: bool
    detail: str


START_CHECKS: list[tuple[str, Callable[[KioskConfig], str]]] = [
    ("bureau url", check_bureau_url),
    ("key files", check_key_files),
    ("pin hash", check_pin_hash),
    ("card key", check_card_key),
]
PROBLEMS = (ConfigError, KeyFileError, InputTooLarge, OSError)


def enforce(config: KioskConfig) -> None:
    """Start-up: raise the first problem (ConfigError or KeyFileError, naming the file or key)."""
    for _name, check in START_CHECKS:
        check(config)


def report(config: KioskConfig) -> list[Verdict]:
    from offline_queue.custody import CustodyError

    verdicts = []
    for name, check in [*START_CHECKS, ("outbox", check_outbox)]:
        try:
            verdicts.append(Verdict(name, True, check(config)))
        except (*PROBLEMS, CustodyError) as exc:
            verdicts.append(Verdict(name, False, str(exc)))
    return verdicts
