"""Our Chinese text path: what the printer's built-in font can print, encoded its way.

python-escpos sends a whole string as GB18030 only when it holds a common Han character and
turns the rest into `?`; printers want two-byte codes inside `FS &` ... `FS .`. We encode each
line ourselves and report lines the charset cannot hold, which the encoder then draws as a
raster image with the bundled font instead.
"""

from __future__ import annotations

from typing import Literal

Charset = Literal["GB18030", "GBK", "GB2312"]
CHARSETS: tuple[Charset, ...] = ("GB18030", "GBK", "GB2312")

# Characters printers render wrongly in their single-byte form; replaced by the full-width
# form every GB charset holds as two bytes. U+00A5 in GB18030 is a 4-byte code printers garble.
# Control characters inside data (a name, an address) would be read as printer commands.
_SUBSTITUTES = str.maketrans({"\u00a5": "\uffe5", **{chr(c): " " for c in (*range(0x20), 0x7F)}})


# The same printed glyph under another code point where a charset's table differs (GB2312 maps
# its middle dot A1A4 to U+30FB and its dash A1AA to U+2015, GBK to U+00B7 and U+2014).
_SAME_GLYPH = {"\u00b7": "\u30fb", "\u2014": "\u2015"}


def normalize(text: str) -> str:
    """The text as it should reach any printer: `¥` becomes `￥`, control characters spaces."""
    return text.translate(_SUBSTITUTES)


def encode_line(text: str, charset: Charset) -> bytes | None:
    """The line's bytes in `charset`, or None if any character has no 1- or 2-byte code.

    GB18030's 4-byte codes are refused as well: printer fonts cover only the two-byte part.
    """
    text = normalize(text)
    out = bytearray()
    for ch in text:
        try:
            code = ch.encode(charset.lower())
        except UnicodeEncodeError:
            try:
                code = _SAME_GLYPH.get(ch, ch).encode(charset.lower())
            except UnicodeEncodeError:
                return None
        if len(code) > 2 or (len(code) == 1 and code[0] >= 0x80):
            return None
        out += code
    return bytes(out)


def decode_bytes(data: bytes, charset: Charset) -> str:
    """Inverse of `encode_line`, used by the simulator to read the bytes back."""
    return data.decode(charset.lower(), errors="replace")


def display_width(text: str) -> int:
    """Columns the text takes on a receipt: ASCII one, everything else two (full width)."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in normalize(text))
