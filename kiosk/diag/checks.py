"""Per-device self-tests: the same functions behind the diagnostics screens and `kiosk diag selftest`.

Each test drives the running app's own device objects (the drivers, their supervisors and the
Qt bridge), so it proves the path a taxpayer's card, code or receipt takes. On a simulated
device the test presents something itself (a card, a code, a face) and checks what comes out;
on a real one the screen asks the technician to present it, and headless runs read the status.

Results arrive through the bridge's signals; a test waits for them with a direct connection, so
it works with or without a running event loop (in a diagnostics worker, or after the headless
start-up has painted).
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from drivers.base import DeviceState
from kiosk.selftest import Check, CheckFailed, SelfTestContext
from taxcore.masking import mask_id, mask_name

if TYPE_CHECKING:
    import numpy as np

    from kiosk.app import KioskApp

PROBE_PREFIX = "KIOSK-SELFTEST-"
SCAN_TIMEOUT_S = 6.0
CARD_TIMEOUT_S = 8.0
CAMERA_TIMEOUT_S = 6.0


def probe_code() -> str:
    return PROBE_PREFIX + secrets.token_hex(4).upper()


def _app(ctx: SelfTestContext) -> KioskApp:
    if ctx.kiosk is None:
        raise CheckFailed("the app did not start, so its devices were not opened")
    return ctx.kiosk


def wait_for(signal: Any, timeout_s: float, start: Callable[[], None] | None = None,
             accept: Callable[..., bool] = lambda *args: True) -> tuple[Any, ...] | None:
    """The arguments of the first emission `accept` takes within `timeout_s` (after `start()`), else None."""
    done = threading.Event()
    got: list[tuple[Any, ...]] = []

    def slot(*args: Any) -> None:
        if not got and accept(*args):
            got.append(args)
            done.set()

    signal.connect(slot, Qt.ConnectionType.DirectConnection)
    try:
        if start is not None:
            start()
        done.wait(timeout_s)
    finally:
        signal.disconnect(slot)
    return got[0] if got else None


# --- receipt printer ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrintTest:
    job_id: str
    state: str
    message: str
    settings: dict[str, str]
    qr: str


def printer_settings(kiosk: KioskApp) -> dict[str, str]:
    """What the test page prints about the printer: driver, configured settings and profile."""
    printer = kiosk.printer
    assert printer is not None
    device = kiosk.config.devices["receipt_printer"]
    profile = printer.profile
    shown = {"driver": device.driver, **{k: str(v) for k, v in sorted(device.settings.items())}}
    shown.update(charset=profile.charset, width_dots=str(profile.width_dots), columns=str(profile.columns),
                 native_qr=str(profile.native_qr).lower(), raster_only=str(profile.raster_only).lower())
    return shown


def printer_test_page(kiosk: KioskApp) -> PrintTest:
    """Print a test page (settings, Chinese text and a QR code) and say how it went."""
    from drivers.printer.layout import ReceiptLayout

    printer = kiosk.printer
    if printer is None:
        raise CheckFailed("no receipt printer is configured")
    printer.refresh()
    settings = printer_settings(kiosk)
    qr = f"{kiosk.config.terminal.id}|{probe_code()}"
    layout = ReceiptLayout().text("打印机自检", "center", 2, True).text("Printer test page", "center").feed()
    layout.text(f"终端 Terminal: {kiosk.config.terminal.id}")
    layout.text(time.strftime("%Y-%m-%d %H:%M:%S"))
    for key, value in settings.items():
        layout.text(f"{key} = {value}")
    layout.text("中文测试：自助办税终端 ABC 0123456789").feed().qr(qr).text(qr, "center").feed(2)
    job_id = f"selftest-{uuid.uuid4()}"
    outcome = printer.print_layout(job_id, "test_page", layout)
    return PrintTest(job_id, outcome.state.value, outcome.message, settings, qr)


def check_receipt_printer(ctx: SelfTestContext) -> str:
    kiosk = _app(ctx)
    if kiosk.printer is None:
        return "not configured"
    if kiosk.printer.sim is None:  # headless on a real printer: status only, no paper used
        state = kiosk.printer.refresh()
        fields = kiosk.printer.fields()
        if state is not DeviceState.ONLINE:
            raise CheckFailed(f"state {state.value}; {fields}")
        return f"online; {fields}"
    test = printer_test_page(kiosk)
    if test.state != "printed":
        raise CheckFailed(f"test page {test.state}: {test.message}")
    from drivers.printer.parser import PrintedQR

    receipts = kiosk.printer.sim.receipts()
    if not receipts or PrintedQR(test.qr) not in receipts[-1]:
        raise CheckFailed("the simulated printer did not receive the test page's QR code")
    return f"test page printed with its QR code ({test.settings['driver']}, {test.settings['columns']} columns)"


# --- scanner ---------------------------------------------------------------------------------------
def scan_test(kiosk: KioskApp, timeout_s: float = SCAN_TIMEOUT_S) -> tuple[str, str]:
    """(presented, decoded): the next code the scanner reads; a simulator is shown a probe code."""
    scanner = kiosk.scanner
    if scanner is None and kiosk.wedge is None:
        raise CheckFailed("no scanner is configured")
    sim = getattr(scanner, "simulator", None)
    presented = probe_code() if sim is not None else ""
    source = kiosk.devices.code_scanned if scanner is not None else kiosk.wedge.scanned  # type: ignore[union-attr]
    got = wait_for(source, timeout_s, (lambda: sim.scan(presented)) if sim is not None else None,
                   accept=lambda payload: not presented or payload == presented)
    if got is None:
        raise CheckFailed(f"no code read within {timeout_s:.0f} s")
    return presented, str(got[0])


def check_scanner(ctx: SelfTestContext) -> str:
    kiosk = _app(ctx)
    if kiosk.scanner is None:
        return "keyboard-wedge scanner (tested by scanning on the diagnostics screen)" if kiosk.wedge else \
            "not configured"
    if getattr(kiosk.scanner, "simulator", None) is None:
        status = kiosk.scanner.status.snapshot()
        if status.state is not DeviceState.ONLINE:
            raise CheckFailed(f"state {status.state.value}")
        return f"online; {status.as_dict()}"
    presented, decoded = scan_test(kiosk)
    return f"read {decoded!r} as presented"


# --- ID-card reader --------------------------------------------------------------------------------
def masked_record(record: Any) -> dict[str, str]:
    """What a technician may see of a card: enough to tell the read worked, nothing to identify anyone."""
    valid_to = record.valid_to.isoformat() if record.valid_to else "long-term"
    return {
        "card_type": record.card_type.value,
        "id_number": mask_id(record.id_number),
        "name": mask_name(record.name),
        "english_name": mask_name(record.english_name.strip()),
        "valid": f"{record.valid_from.isoformat()} – {valid_to}",
        "photo": f"{len(record.photo_wlt)} bytes (withheld)" if record.photo_wlt else "none",
    }


def id_read_test(kiosk: KioskApp, timeout_s: float = CARD_TIMEOUT_S) -> dict[str, str]:
    """The next card read, masked; a simulated reader is given a sample card (and it is lifted after)."""
    reader = kiosk.id_reader
    if reader is None:
        raise CheckFailed("no ID-card reader is configured")
    sim = reader.simulator
    if sim is not None:
        from drivers.idcard.record import CardType

        sim.lift()
        time.sleep(0.7)  # the reader must see the reader empty before a new card counts
    try:
        got = wait_for(kiosk.devices.card_read, timeout_s,
                       (lambda: sim.place(CardType.RESIDENT)) if sim is not None else None)
    finally:
        if sim is not None:
            sim.lift()
    if got is None:
        raise CheckFailed(f"no card read within {timeout_s:.0f} s")
    return masked_record(got[0])


def check_id_reader(ctx: SelfTestContext) -> str:
    kiosk = _app(ctx)
    reader = kiosk.id_reader
    if reader is None:
        return "not configured"
    if reader.simulator is None:
        status = reader.status.snapshot()
        if status.state is not DeviceState.ONLINE:
            raise CheckFailed(f"state {status.state.value}; {status.as_dict()}")
        return f"online; {status.as_dict()}"
    record = id_read_test(kiosk)
    return f"read a {record['card_type']} card: {record['id_number']} {record['name']}"


# --- camera ----------------------------------------------------------------------------------------
@dataclass
class CameraTest:
    frame: np.ndarray | None
    faces: list[Any] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def sim_scene(code: str, width: int = 1280, height: int = 720) -> np.ndarray:
    """What the simulated camera is shown: a drawn face with a QR code beside it."""
    import cv2
    import numpy as np
    import zxingcpp

    from drivers.camera.sim import drawn_face

    scene = drawn_face(width=width, height=height)
    qr = np.asarray(zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode).to_image(scale=8))
    side = min(qr.shape[0], height - 80, width // 3)
    qr = cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST)
    top = (height - side) // 2
    scene[top:top + side, 40:40 + side] = cv2.cvtColor(qr, cv2.COLOR_GRAY2BGR)
    return scene


def look(camera: Any, frame: np.ndarray) -> CameraTest:
    """Faces and codes in one frame: for the preview overlay and the test."""
    from drivers.scanner import qr_decode

    faces = camera.faces.faces(frame) if camera.faces is not None else []
    return CameraTest(frame, faces, list(qr_decode.decode(frame, camera.decode_budget_s)))


def camera_test(kiosk: KioskApp, timeout_s: float = CAMERA_TIMEOUT_S) -> CameraTest:
    """One frame through the running camera with its faces and codes; a simulator is shown a scene."""
    camera = kiosk.camera
    if camera is None:
        raise CheckFailed("no camera is configured")
    sim = camera.simulator
    code = probe_code()
    was_active = camera.active
    camera.active = True
    try:
        if sim is not None:
            got = wait_for(kiosk.devices.code_scanned, timeout_s, lambda: sim.present(sim_scene(code)),
                           accept=lambda payload: payload == code)
            if got is None:
                raise CheckFailed(f"the camera did not decode the code it was shown within {timeout_s:.0f} s")
        deadline = time.monotonic() + timeout_s
        frame = camera.last_frame()
        while frame is None and time.monotonic() < deadline:
            time.sleep(0.05)
            frame = camera.last_frame()
        if frame is None:
            raise CheckFailed(f"no frame from the camera within {timeout_s:.0f} s")
        return look(camera, frame)
    finally:
        camera.active = was_active
        if sim is not None:
            sim.present(None)


def check_camera(ctx: SelfTestContext) -> str:
    kiosk = _app(ctx)
    if kiosk.camera is None:
        return "not configured"
    result = camera_test(kiosk)
    assert result.frame is not None
    height, width = result.frame.shape[:2]
    if kiosk.camera.simulator is not None and not result.faces:
        raise CheckFailed("no face found in the simulated scene")
    return f"frame {width}x{height}, {len(result.faces)} face(s), codes {result.codes}"


# --- A4 printer ------------------------------------------------------------------------------------
def a4_state(kiosk: KioskApp) -> dict[str, str] | None:
    """The A4 printer's state (asks the spooler: call from a worker); None when none is configured."""
    a4 = kiosk.records.a4()
    return a4.state() if a4 is not None else None


def check_a4_printer(ctx: SelfTestContext) -> str:
    """The spooler knows the printer and it is not in error; on the simulated one (archive only) a test
    page is written as a PDF and read back, the same path a certificate takes."""
    from kiosk.documents.a4 import render_pdf
    from kiosk.documents.samples import samples

    kiosk = _app(ctx)
    a4 = kiosk.records.a4()
    if a4 is None:
        return "not configured"
    fields = a4.state()
    if fields["state"] != "online":
        raise CheckFailed(f"state {fields['state']}; {fields}")
    if a4.printer_name:
        return f"online; printer {a4.printer_name}, spooler {fields.get('spooler', '?')}"
    job_id = f"selftest-{uuid.uuid4()}"
    try:
        pdf, pages = render_pdf(samples()["tax_certificate"], title="A4 test page")
        a4.archive.store(job_id, pdf)
        if pages < 1 or not a4.archive.open(job_id).startswith(b"%PDF"):
            raise CheckFailed(f"the test page in {a4.archive.path(job_id)} is not a PDF")
    finally:
        a4.archive.path(job_id).unlink(missing_ok=True)
    return f"test page rendered to PDF ({pages} page(s)), sealed and opened in {a4.archive.folder} (sim: no paper)"


def selftest_checks() -> list[Check]:
    return [
        Check("receipt printer", check_receipt_printer),
        Check("a4 printer", check_a4_printer),
        Check("scanner", check_scanner),
        Check("id reader", check_id_reader),
        Check("camera", check_camera),
    ]
