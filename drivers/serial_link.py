"""What every serial driver does with its port: open it, notice it is gone, close it quietly."""

from __future__ import annotations

import contextlib

import serial

try:  # pyserial lets termios errors through on POSIX when the device disappears
    import termios

    LINK_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # Windows
    LINK_ERRORS = (serial.SerialException, OSError)


def close_quietly(port: serial.Serial | None) -> None:
    """Close a port that may already be gone (unplugged): there is nothing to report."""
    if port is not None:
        with contextlib.suppress(*LINK_ERRORS):
            port.close()
