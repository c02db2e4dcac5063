"""What a serial link raises when its device goes away, on every platform."""

from __future__ import annotations

import serial

try:  # pyserial lets termios errors through on POSIX when the device disappears
    import termios

    LINK_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # Windows
    LINK_ERRORS = (serial.SerialException, OSError)
