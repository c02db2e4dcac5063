"""DLE EOT status replies, read and validated by us.

python-escpos 3.1 reports "paper OK" when the printer says nothing, so we read the reply bytes
ourselves. Every ESC/POS status byte has bit 1 and bit 4 set and bits 0 and 7 clear; a byte
without that pattern is line noise or a stale reply, and a missing or invalid reply makes the
field UNKNOWN, never "offline" or "paper out".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

FIXED_MASK = 0x93
FIXED_BITS = 0x12


class Paper(enum.Enum):
    FULL = "full"
    LOW = "low"
    OUT = "out"
    UNKNOWN = "unknown"


class Cover(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class Online(enum.Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


def valid(byte: int | None) -> bool:
    return byte is not None and (byte & FIXED_MASK) == FIXED_BITS


@dataclass(frozen=True)
class PrinterStatus:
    online: Online = Online.UNKNOWN
    paper: Paper = Paper.UNKNOWN
    cover: Cover = Cover.UNKNOWN
    error: bool | None = None  # cutter or mechanical error reported by DLE EOT 2/3

    @property
    def known(self) -> bool:
        return self.online is not Online.UNKNOWN

    @property
    def blocks_printing(self) -> bool:
        return self.paper is Paper.OUT or self.cover is Cover.OPEN or bool(self.error)

    def fields(self) -> dict[str, str]:
        err = "unknown" if self.error is None else ("error" if self.error else "ok")
        return {
            "online": self.online.value,
            "paper": self.paper.value,
            "cover": self.cover.value,
            "error": err,
        }


def decode(printer: int | None, offline: int | None, paper: int | None) -> PrinterStatus:
    """Status from the replies to DLE EOT 1, 2 and 4 (None where none came)."""
    online = Online.UNKNOWN
    if valid(printer):
        assert printer is not None
        online = Online.OFFLINE if printer & 0x08 else Online.ONLINE
    cover, error = Cover.UNKNOWN, None
    paper_state = Paper.UNKNOWN
    if valid(offline):
        assert offline is not None
        cover = Cover.OPEN if offline & 0x04 else Cover.CLOSED
        error = bool(offline & 0x40)
        if offline & 0x20:
            paper_state = Paper.OUT
    if valid(paper) and paper_state is Paper.UNKNOWN:
        assert paper is not None
        if paper & 0x60:
            paper_state = Paper.OUT
        elif paper & 0x0C:
            paper_state = Paper.LOW
        else:
            paper_state = Paper.FULL
    return PrinterStatus(online, paper_state, cover, error)


def encode(online: bool, paper: Paper, cover_open: bool, error: bool = False) -> tuple[int, int, int]:
    """Reply bytes a printer in this state sends to DLE EOT 1, 2 and 4 (used by the simulator)."""
    printer = FIXED_BITS | (0 if online else 0x08)
    offline = FIXED_BITS | (0x04 if cover_open else 0) | (0x20 if paper is Paper.OUT else 0) | (0x40 if error else 0)
    roll = FIXED_BITS | {Paper.OUT: 0x6C, Paper.LOW: 0x0C}.get(paper, 0)
    return printer, offline, roll


def gs_r_paper_reply(paper: Paper) -> int:
    """Reply to GS r 1 (paper sensors, sent in order once earlier data is processed): bit 4 is 0 here."""
    return {Paper.OUT: 0x0F, Paper.LOW: 0x03}.get(paper, 0x00)
