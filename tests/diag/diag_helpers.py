"""Helpers of the diagnostics tests: PIN, technician cards, driving the screens, reading the audit."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.diag.access import hash_pin
from taxcore.docpayload import sign_with

PIN = "246810"
CARD_KEY = Ed25519PrivateKey.generate()
CARD_PUBLIC = CARD_KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
PIN_HASH = hash_pin(PIN)  # once: scrypt is slow on purpose


def card(card_id: str = "TC0001", name: str = "李技师", expires_in_s: float = 3600,
         key: Ed25519PrivateKey = CARD_KEY) -> str:
    """A technician card payload in the bureau's signed-QR format (bureau/technicians.py)."""
    return sign_with(key, {"k": "tech", "s": card_id, "n": name, "e": int(time.time() + expires_in_s)})


def diag_settings(tmp_path: Path, **bureau: Any) -> dict[str, Any]:
    from ready import install_outbox  # type: ignore[import-not-found]

    install_outbox(tmp_path / "data")
    return {
        "paths": {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")},
        "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5, **bureau},
        "display": {"fullscreen": False},
        "diagnostics": {"pin_hash": PIN_HASH, "card_public_key": CARD_PUBLIC},
    }


def type_pin(kiosk: Any, pin: str) -> None:
    entry = kiosk.diagnostics.screen.entry
    for key in pin:
        entry.keypad.buttons[key].click()
    entry.ok_button.click()


def enter_with_pin(qtbot, kiosk: Any) -> Any:  # type: ignore[no-untyped-def]
    d = kiosk.diagnostics
    d.open_entry()
    type_pin(kiosk, PIN)
    qtbot.waitUntil(lambda: d.active, timeout=10000)
    return d


def wait_idle(qtbot, page: Any, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    """Until the page's work is done (its buttons are enabled again)."""
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in page.buttons.values()), timeout=timeout)


def audit_actions(kiosk: Any) -> list[dict[str, Any]]:
    """The diagnostics audit rows in the outbox, oldest first."""
    rows = kiosk.outbox.rows(limit=-1)
    return [r["payload"] for r in reversed(rows) if r["kind"] == "diag_audit"]


def live_bureau_module() -> Any:
    """The outbox tests' loopback bureau (a real bureau/app.py in a uvicorn thread)."""
    if "outbox_fixtures" in sys.modules:
        return sys.modules["outbox_fixtures"]
    path = Path(__file__).resolve().parents[1] / "outbox" / "conftest.py"
    spec = importlib.util.spec_from_file_location("outbox_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
