"""ESC/POS command bytes, built in one place so the encoder and the simulator's parser agree."""

from __future__ import annotations

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"  # FS & : enter Chinese (two-byte) character mode
CHINESE_OFF = FS + b"."  # FS . : leave it
LF = b"\n"
CUT = GS + b"V" + bytes([66, 3])  # feed 3 dots and partial cut
ALIGN = {"left": 0, "center": 1, "right": 2}

# Real-time status requests (answered at once, even while offline) and the in-order paper
# sensor request (answered only when the printer has processed everything sent before it).
DLE_EOT_PRINTER = DLE + b"\x04\x01"
DLE_EOT_OFFLINE = DLE + b"\x04\x02"
DLE_EOT_ERROR = DLE + b"\x04\x03"
DLE_EOT_PAPER = DLE + b"\x04\x04"
GS_R_PAPER = GS + b"r\x01"


def align(where: str) -> bytes:
    return ESC + b"a" + bytes([ALIGN[where]])


def char_size(width: int = 1, height: int = 1) -> bytes:
    """GS ! : width and height multipliers 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size multipliers are 1..8")
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([lines])


def _gs_k_qr(fn: int, payload: bytes) -> bytes:
    size = len(payload) + 2  # cn and fn count in pL pH
    return GS + b"(k" + bytes([size & 0xFF, size >> 8, 49, fn]) + payload


def qr_native(data: str, module_size: int = 6, ec: str = "M") -> bytes:
    """GS ( k model 2 QR: select model, module size, error correction, store, print."""
    raw = data.encode("ascii")  # payloads are kept ASCII (see the reference)
    ec_code = {"L": 48, "M": 49, "Q": 50, "H": 51}[ec]
    return (
        GS
        + b"(k"
        + bytes([4, 0, 49, 65, 50, 0])
        + _gs_k_qr(67, bytes([module_size]))
        + _gs_k_qr(69, bytes([ec_code]))
        + _gs_k_qr(80, b"0" + raw)
        + _gs_k_qr(81, b"0")
    )


def code128(data: str, height: int = 80, module_width: int = 2) -> bytes:
    """GS k 73 hardware Code128; numbers go in code set C (pairs of digits) when even-length."""
    if not data.isascii():
        raise ValueError("Code128 data must be ASCII")
    if data.isdigit() and len(data) % 2 == 0:
        body = b"{C" + bytes(int(data[i : i + 2]) for i in range(0, len(data), 2))
    else:
        body = b"{B" + data.encode("ascii")
    return (
        GS
        + b"h"
        + bytes([height])
        + GS
        + b"w"
        + bytes([module_width])
        + GS
        + b"H"
        + bytes([2])  # human-readable digits below
        + GS
        + b"k"
        + bytes([73, len(body)])
        + body
    )


def raster(width_bytes: int, height: int, bits: bytes) -> bytes:
    """GS v 0 : one raster bit image, 1 bit per dot, MSB left, rows top to bottom."""
    if len(bits) != width_bytes * height:
        raise ValueError("raster data does not match its size")
    return GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8]) + bits


# DLE DC4 fn 8: real-time "clear receive and print buffers" (Epson); answered with 37 25 00.
CLEAR_BUFFERS = DLE + b"\x14\x08\x01\x03\x14\x01\x06\x02\x08"
CLEAR_BUFFERS_REPLY = b"\x37\x25\x00"
