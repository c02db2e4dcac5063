"""The self-test's checks: what a field install depends on (run by kiosk/selftest_run.py and diagnostics).

A terminal that was just installed (or a bundle just built) must prove, without a screen and
without a technician, that it can start: the config parses, the data and log folders are
writable, the bundled font and translations load, the first screen paints, and the native
libraries the devices need are in the bundle (a PyInstaller build that forgot one fails only
when that device is first used, in front of a taxpayer).

Checks are plain functions taking the started app; other areas add theirs by appending a module
name to `CHECK_MODULES` (the module has `selftest_checks() -> list[Check]`), the way CLI commands
are added to `kiosk.cli.COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import KioskConfig

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)

# Modules with `selftest_checks() -> list[Check]`, e.g. the drivers and the outbox when merged.
CHECK_MODULES: list[str] = ["kiosk.diag.checks", "kiosk.virtual_keyboard", "kiosk.remote_help.checks"]

# A character only a CJK font has: the bundled font must cover what the screens say.
CJK_PROBE = "税"


class CheckFailed(Exception):
    """A check found something wrong; the message says what, for the person reading the output."""


@dataclass(frozen=True)
class SelfTestContext:
    config: KioskConfig
    kiosk: KioskApp | None  # None when the app itself failed to start


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[SelfTestContext], str]  # returns what it found; raises CheckFailed or anything


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str


def _writable_dir(path: Path) -> str:
    """Create the folder if needed and prove a file there can be written, synced, read and removed."""
    path.mkdir(parents=True, exist_ok=True)
    probe = path / f".selftest-{uuid.uuid4().hex}"
    try:
        with open(probe, "wb") as f:
            f.write(b"ok")
            f.flush()
            os.fsync(f.fileno())
        if probe.read_bytes() != b"ok":
            raise CheckFailed(f"{path}: a file written there reads back differently")
    finally:
        probe.unlink(missing_ok=True)
    return str(path)


def check_config(ctx: SelfTestContext) -> str:
    devices = ", ".join(f"{name}={dev.driver}" for name, dev in ctx.config.devices.items())
    return f"{ctx.config.source}; terminal {ctx.config.terminal.id}; devices {devices}"


def check_version(ctx: SelfTestContext) -> str:
    from kiosk.version import build_id, version

    if version() == "dev":
        raise CheckFailed("no package metadata: the bundle was built without copy_metadata('tax-kiosk')")
    return f"{version()} build {build_id()}"


def check_data_dir(ctx: SelfTestContext) -> str:
    return _writable_dir(ctx.config.paths.data())


def check_outbox(ctx: SelfTestContext) -> str:
    """The outbox the kiosk would open, checked the same way (custody marker, key, integrity); writes nothing."""
    from kiosk.sync_client import outbox_path
    from offline_queue.custody import CustodyError
    from offline_queue.outbox import Outbox

    try:
        outbox = Outbox.open(outbox_path(ctx.config), adopt=False)
    except CustodyError as exc:
        raise CheckFailed(str(exc)) from None
    try:
        return f"{outbox_path(ctx.config)}: integrity ok, next number {outbox.get_meta('next_seq')}"
    finally:
        outbox.close()


def check_log_dir(ctx: SelfTestContext) -> str:
    return _writable_dir(ctx.config.paths.logs())


def check_font(ctx: SelfTestContext) -> str:
    from PySide6.QtGui import QFont, QFontInfo, QFontMetrics

    from kiosk.fonts import load_ui_font

    family = load_ui_font()
    font = QFont(family)
    if QFontInfo(font).family() != family:
        raise CheckFailed(f"font {family!r} registered but Qt resolves it to {QFontInfo(font).family()!r}")
    if not QFontMetrics(font).inFontUcs4(ord(CJK_PROBE)):
        raise CheckFailed(f"font {family!r} has no glyph for {CJK_PROBE!r}: Chinese would show as boxes")
    return family


def check_translations(ctx: SelfTestContext) -> str:
    from PySide6.QtCore import QCoreApplication

    from kiosk.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()  # raises TranslationError naming the missing .qm
    source = "Back to services"
    try:
        switcher.apply("zh_CN")
        translated = QCoreApplication.translate("KioskApp", source)
    finally:
        switcher.remove()
    if translated == source:
        raise CheckFailed(f"the zh_CN translation does not translate {source!r}")
    return f"zh_CN: {source!r} -> {translated!r}"


def check_content(ctx: SelfTestContext) -> str:
    if ctx.kiosk is None:
        raise CheckFailed("the app did not start, so its catalogue was not loaded")
    count = len(ctx.kiosk.catalogue.services)
    if count == 0:
        raise CheckFailed("the service catalogue is empty")
    return f"{count} services"


def check_qt_plugins(ctx: SelfTestContext) -> str:
    """Every Qt plugin the kiosk uses is there and loads.

    Loading (dlopen) proves the libraries each plugin links to are in the bundle or on the system:
    Qt silently skips a plugin that cannot load, leaving, say, no Wayland or no printing.
    """
    import ctypes
    import fnmatch

    from PySide6.QtCore import QLibraryInfo

    from kiosk.qt_plugins import KIOSK_QT_PLUGINS

    root = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    if sys.platform != "linux":
        return f"plugins in {root} (load check on Linux only)"
    problems = []
    loaded = 0
    for folder, patterns in KIOSK_QT_PLUGINS.items():
        present = sorted((root / folder).glob("*.so"))
        files = [p for p in present if any(fnmatch.fnmatch(p.name, pat) for pat in patterns)]
        problems += [f"{folder}/{pat} missing" for pat in patterns if not fnmatch.filter([f.name for f in files], pat)]
        for plugin in files:
            try:
                ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
                loaded += 1
            except OSError as exc:
                problems.append(f"{folder}/{plugin.name} does not load ({exc})")
    if problems:
        raise CheckFailed("; ".join(problems))
    return f"{loaded} plugins load from {root}"


def check_crypto(ctx: SelfTestContext) -> str:
    """Ed25519 (signed QR codes) through the cryptography wheel's native library."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"selftest"), b"selftest")  # raises InvalidSignature
    return "Ed25519 sign and verify"


def check_escpos(ctx: SelfTestContext) -> str:
    """Receipt printing needs escpos's capabilities.json, cached in a kept folder (not a new temp one)."""
    from escpos import capabilities

    wanted = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    if not wanted or os.path.abspath(capabilities.pickle_dir) != os.path.abspath(wanted):
        raise CheckFailed(
            f"escpos caches its capabilities in {capabilities.pickle_dir}, not in ESCPOS_CAPABILITIES_PICKLE_DIR "
            f"({wanted or 'unset'}): it was imported before the kept folder was set"
        )
    if "default" not in capabilities.CAPABILITIES.get("profiles", {}):
        raise CheckFailed(f"escpos capabilities from {capabilities.capabilities_path} have no default profile")
    return f"{len(capabilities.CAPABILITIES['profiles'])} printer profiles, cache {wanted}"


def check_serial(ctx: SelfTestContext) -> str:
    """Serial readers and scanners: pyserial with its URL handlers (loop://, socket://, rfc2217://)."""
    import serial

    for url in ("socket://127.0.0.1:9", "rfc2217://127.0.0.1:9"):
        scheme = url.split(":", 1)[0]
        try:
            importlib.import_module(f"serial.urlhandler.protocol_{scheme}")
        except ImportError as exc:
            raise CheckFailed(f"pyserial URL handler {scheme}:// is missing: {exc}") from exc
    port = serial.serial_for_url("loop://", timeout=1.0)
    try:
        port.write(b"\xaa\xaa\xaa\x96\x69")
        echoed = port.read(5)
    finally:
        port.close()
    if echoed != b"\xaa\xaa\xaa\x96\x69":
        raise CheckFailed(f"pyserial loop:// echoed {echoed!r}")
    return f"pyserial {serial.VERSION}, URL handlers present"


def check_barcodes(ctx: SelfTestContext) -> str:
    """The QR decoder (zxing-cpp) and OpenCV, whose native libraries the bundle must carry."""
    import cv2
    import numpy
    import zxingcpp

    image = numpy.asarray(zxingcpp.create_barcode("SELFTEST", zxingcpp.BarcodeFormat.QRCode).to_image(scale=4))
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    ok, png = cv2.imencode(".png", colour)
    if not ok:
        raise CheckFailed("OpenCV cannot encode a PNG")
    decoded = cv2.imdecode(png, cv2.IMREAD_COLOR)
    if decoded is None:
        raise CheckFailed("OpenCV cannot decode the PNG it encoded")
    gray = cv2.cvtColor(decoded, cv2.COLOR_BGR2GRAY)
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = [r.text for r in zxingcpp.read_barcodes(gray, formats=qr_only)]
    if found != ["SELFTEST"]:
        raise CheckFailed(f"zxing-cpp read {found!r} from a generated QR code")
    return f"zxing-cpp read a generated QR code through OpenCV {cv2.__version__}"


CHECKS: list[Check] = [
    Check("config", check_config),
    Check("version", check_version),
    Check("data dir", check_data_dir),
    Check("outbox", check_outbox),
    Check("log dir", check_log_dir),
    Check("font", check_font),
    Check("translations", check_translations),
    Check("content", check_content),
    Check("qt plugins", check_qt_plugins),
    Check("crypto", check_crypto),
    Check("escpos", check_escpos),
    Check("serial", check_serial),
    Check("barcodes", check_barcodes),
]


def all_checks() -> list[Check]:
    checks = list(CHECKS)
    for name in CHECK_MODULES:
        checks.extend(importlib.import_module(name).selftest_checks())
    return checks


def run_checks(ctx: SelfTestContext, checks: list[Check]) -> list[Result]:
    results = []
    for check in checks:
        try:
            results.append(Result(check.name, True, check.run(ctx)))
        except Exception as exc:  # every failure is reported by name; none stops the rest
            results.append(Result(check.name, False, f"{type(exc).__name__}: {exc}"))
    return results
