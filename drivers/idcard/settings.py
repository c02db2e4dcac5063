"""The ID-card reader's `[devices.id_reader]` settings, registered with the driver registry.

Kept apart from the driver code so that checking a config loads no serial or decoding code.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from drivers.idcard.record import CardType
from drivers.registry import REGISTRY, DriverSpec, lazy
from drivers.settings import Strict


class ReaderTimings(Strict):
    """What the real reader and its simulator share."""

    command_timeout_s: float = Field(0.5, ge=0.05, le=10, description="time for status/find/select answers")
    read_timeout_s: float = Field(2.0, ge=0.1, le=30, description="time for the card answer, on top of its wire time")
    wlt_library: str = Field("", description="path of the vendor WLT photo decoder library; empty: no photo")


class SamReaderSettings(ReaderTimings):
    port: str = Field(min_length=1, description="serial device of the reader, e.g. /dev/ttyUSB0 or COM3")
    baudrate: int = Field(115200, ge=9600, le=115200,
                          description="115200 unless the reader was set to 57600/38400/19200/9600")


class SimReaderSettings(ReaderTimings):
    card: str = Field("", description="card placed at start, or empty")

    @field_validator("card")
    @classmethod
    def _a_card_type(cls, card: str) -> str:
        if card and card not in {c.value for c in CardType}:
            raise ValueError(f"{card!r} is not allowed; allowed: one of {', '.join(repr(c.value) for c in CardType)}")
        return card


REGISTRY.register(DriverSpec("id_reader", "sam_serial", lazy("drivers.idcard.reader", "build"), SamReaderSettings))
REGISTRY.register(DriverSpec("id_reader", "sim", lazy("drivers.idcard.sim", "build"), SimReaderSettings))
