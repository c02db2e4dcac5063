"""Who may open diagnostics: a hidden corner gesture then a PIN, or a technician card the bureau signed.

The PIN is kept only as a scrypt hash (about 0.1 s and 64 MB per guess, so a copied config is
not a PIN list), checked off the GUI thread. Wrong PINs lock entry for a period that doubles
with each lockout in a row; the count survives a restart, so pulling the plug does not reset it.
A technician card is checked offline (signature against the bureau's public key, expiry, the
last revocation list seen) and, when the bureau answers, by the bureau itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from taxcore.docpayload import verify_payload

log = logging.getLogger(__name__)

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
MAX_LOCKOUT_S = 86400.0


# --- the PIN ------------------------------------------------------------------------------------
def hash_pin(pin: str, n: int = SCRYPT_N) -> str:
    """`scrypt$N$r$p$salt$hash`, all the config ever holds."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=_SCRYPT_MAXMEM)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of a PIN against its hash; a malformed hash matches nothing."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=_SCRYPT_MAXMEM)
    except ValueError:
        return False
    return hmac.compare_digest(got, bytes.fromhex(digest))


class PinLockout:
    """Wrong-PIN count and lockout, kept in a file (mode 600) so a restart does not reset them."""

    def __init__(self, path: Path, max_failures: int = 5, base_s: float = 60.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.max_failures = max_failures
        self.base_s = base_s
        self._clock = clock
        self.failures = 0
        self.lockouts = 0  # lockouts in a row: each one doubles the next period
        self.locked_until = 0.0
        try:
            state = json.loads(path.read_text())
            self.failures, self.lockouts = int(state["failures"]), int(state["lockouts"])
            self.locked_until = float(state["locked_until"])
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def remaining_s(self) -> float:
        return max(0.0, self.locked_until - self._clock())

    def failed(self) -> float:
        """Count a wrong PIN; the lockout now in force (0 while tries are left)."""
        self.failures += 1
        if self.failures >= self.max_failures:
            self.failures = 0
            self.lockouts += 1
            period = min(self.base_s * 2 ** (self.lockouts - 1), MAX_LOCKOUT_S)
            self.locked_until = self._clock() + period
        self._save()
        return self.remaining_s()

    def succeeded(self) -> None:
        self.failures = self.lockouts = 0
        self.locked_until = 0.0
        self._save()

    @property
    def tries_left(self) -> int:
        return self.max_failures - self.failures

    def _save(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"failures": self.failures, "lockouts": self.lockouts, "locked_until": self.locked_until}, f)
        os.replace(tmp, self.path)


# --- the gesture ---------------------------------------------------------------------------------
CORNERS = ("top_left", "top_right", "bottom_right", "bottom_left")


def corner_of(pos: QPoint, width: int, height: int) -> str | None:
    """Which corner zone a point is in: a square of 8 % of the short side, at least 80 px."""
    zone = max(80, int(min(width, height) * 0.08))
    left, top = pos.x() < zone, pos.y() < zone
    right, bottom = pos.x() >= width - zone, pos.y() >= height - zone
    if top and left:
        return "top_left"
    if top and right:
        return "top_right"
    if bottom and right:
        return "bottom_right"
    if bottom and left:
        return "bottom_left"
    return None


class CornerGesture(QObject):
    """Taps in the four corners, clockwise from top left, within `window_s`: emits `recognised`.

    Installed on the QApplication; it only watches presses (taps go on to the widgets), so the
    gesture costs a taxpayer nothing. Any other tap in between starts it over.
    """

    recognised = Signal()

    def __init__(self, window: QWidget, window_s: float = 8.0, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self.window_s = window_s
        self._clock = clock
        self._step = 0
        self._started = 0.0
        self._last: tuple[int, int, int] | None = None
        self.enabled = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self.enabled or not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            where = event.globalPosition().toPoint()
        elif event.type() == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent) and event.points():
            where = event.points()[0].globalPosition().toPoint()
        else:
            return False
        seen = (event.timestamp(), where.x(), where.y())
        if seen != self._last:  # an ignored press travels up to each parent: count it once
            self._last = seen
            self.tap(self._window.mapFromGlobal(where))
        return False

    def tap(self, pos: QPoint) -> None:
        now = self._clock()
        if self._step and now - self._started > self.window_s:
            self._step = 0
        corner = corner_of(pos, self._window.width(), self._window.height())
        if corner == CORNERS[self._step]:
            if self._step == 0:
                self._started = now
            self._step += 1
            if self._step == len(CORNERS):
                self._step = 0
                log.info("diagnostics gesture recognised")
                self.recognised.emit()
        else:
            self._step = 1 if corner == CORNERS[0] else 0
            self._started = now


# --- technician cards ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CardVerdict:
    status: str  # valid, invalid, expired, revoked, no_key
    card_id: str = ""
    technician: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "valid"


def looks_like_card(payload: str) -> bool:
    """Cheap test before the signature check: a signed payload is two base64url parts."""
    parts = payload.strip().split(".")
    return len(parts) == 2 and all(parts) and len(payload) < 4096


def check_card_offline(public_hex: str, payload: str, revoked: set[str], now: float | None = None) -> CardVerdict:
    """Signature, kind, expiry and the last revocation list seen: what a terminal can know alone."""
    if not public_hex:
        return CardVerdict("no_key")
    claims = verify_payload(public_hex, payload)
    if claims is None or claims.get("k") != "tech":
        return CardVerdict("invalid")
    card_id, technician = str(claims.get("s", "")), str(claims.get("n", ""))
    if card_id in revoked:
        return CardVerdict("revoked", card_id, technician)
    try:
        expires = float(claims.get("e", 0))
    except (TypeError, ValueError, OverflowError):
        return CardVerdict("invalid", card_id, technician)
    if not math.isfinite(expires):  # "nan" would compare as never expired
        return CardVerdict("invalid", card_id, technician)
    if expires < (time.time() if now is None else now):
        return CardVerdict("expired", card_id, technician)
    return CardVerdict("valid", card_id, technician)


class RevocationList:
    """The revoked card ids the bureau last sent, kept for when it cannot be reached."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> set[str]:
        try:
            return {str(i) for i in json.loads(self.path.read_text())["revoked"]}
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    def save(self, ids: list[str]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"revoked": sorted(ids), "fetched": time.time()}))
        os.replace(tmp, self.path)
