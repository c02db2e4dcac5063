"""视频帮办 end to end: the kiosk as `kiosk run` builds it, the bureau on loopback, an officer in Chromium.

The taxpayer taps the button in the status strip, agrees, waits in line; the officer accepts,
and frames are decoded on both sides (counts and sizes). The officer shows a guide and sends a
link as a QR; a screenshot of the kiosk is taken and the QR is read back from its pixels.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QImage

sys.path.append(str(Path(__file__).parent))
sys.path.append(str(Path(__file__).parents[1] / "services"))
from officer_browser import Officer, officer_chromium, wait_for  # noqa: E402
from service_rig import SeededBureau, running_seeded_bureau, service_settings, tap  # noqa: E402

from kiosk.config import parse_config  # noqa: E402
from kiosk.link import LinkState  # noqa: E402
from kiosk.remote_help.controller import State  # noqa: E402

pytestmark = pytest.mark.timeout(180)
LINK = "https://etax.example.gov.cn/guide/vehicle-tax?from=vtax"
SHOTS = Path(__file__).resolve().parents[2] / "out" / "remote_help"  # /out/ is ignored by git: look, don't commit


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with officer_chromium() as b:
        yield b


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[SeededBureau]:
    with running_seeded_bureau(tmp_path) as b:
        yield b


def help_kiosk(qtbot: Any, tmp_path: Path, bureau: SeededBureau, **remote_help: Any) -> Any:
    from ready import build_kiosk

    settings = service_settings(tmp_path, bureau.url, bureau.key)
    settings["remote_help"] = {"microphone": "tone", "speaker": "", **remote_help}
    app = build_kiosk(qtbot, parse_config(settings))
    qtbot.waitUntil(lambda: app.link.state == LinkState.UP, timeout=10000)
    qtbot.waitUntil(lambda: app.remote_help is not None, timeout=30000)  # media libraries load in a worker
    qtbot.waitUntil(lambda: app.remote_help.button.button.isVisible(), timeout=10000)
    return app


@pytest.fixture
def call_rig(qtbot: Any, tmp_path: Path, bureau: SeededBureau, browser: Any) -> Iterator[tuple[Any, Officer]]:
    """The kiosk linked to the bureau, and an officer signed in to the console."""
    app = help_kiosk(qtbot, tmp_path, bureau)
    officer = Officer(browser, bureau.url, bureau.engine)
    yield app, officer
    officer.close()
    app.shutdown()


def qt_wait(qtbot: Any, what: Any, timeout_s: float = 20) -> None:
    qtbot.waitUntil(lambda: bool(what()), timeout=int(timeout_s * 1000))


def read_qr(image: QImage) -> list[str]:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = np.frombuffer(gray.constBits(), np.uint8, count=gray.bytesPerLine() * gray.height())
    pixels = bits.reshape(gray.height(), gray.bytesPerLine())[:, : gray.width()]
    return [r.text for r in zxingcpp.read_barcodes(np.ascontiguousarray(pixels))]


def test_call_answered_media_both_ways_guide_and_qr_on_screen_kiosk_hangs_up(
    qtbot: Any, call_rig: tuple[Any, Officer]
) -> None:
    app, officer = call_rig
    help_, panel = app.remote_help, app.remote_help.panel
    tap(help_.button.button)  # from the attract screen: the visit starts with the call
    assert app.session.active and panel.consent_view.isVisible()
    tap(panel.agree)
    qt_wait(qtbot, lambda: "1" in panel.place.text())  # number 1 in line, with an estimate
    assert "天河区办税服务厅 · GD-SVC-0001 · home" in wait_for(officer.waiting)[0]
    officer.accept_first()
    qt_wait(qtbot, lambda: help_.state == State.IN_CALL)

    def decoded(index: int, at_least: int) -> dict[str, Any] | None:
        video = officer.stats()["video"]
        return video[index] if len(video) > index and video[index]["framesDecoded"] >= at_least else None

    camera = wait_for(lambda: decoded(0, 20))
    assert (camera["width"], camera["height"]) == (640, 360)
    qt_wait(qtbot, lambda: help_.call is not None and help_.call.received.video_frames >= 20)
    assert help_.call.received.size == (640, 480)  # Chromium's fake camera, as asked by the console
    qt_wait(qtbot, lambda: panel.video.pixmap() is not None and not panel.video.pixmap().isNull())
    wait_for(lambda: officer.stats()["audio"] and officer.stats()["audio"][0]["energy"] > 0.001)
    qt_wait(qtbot, lambda: help_.call.received.audio_frames > 50)

    officer.act("#show-guide", select={"#guide": "vehicle_tax"})
    qt_wait(qtbot, lambda: panel.pushed_title.text() == "车船税缴纳说明")
    assert panel.pushed_qr.property("payload") == "https://guide.tax.example.cn/vehicle-tax"

    officer.act("#push-link", fill={"#link-url": LINK})
    qt_wait(qtbot, lambda: panel.pushed_qr.property("payload") == LINK)
    qtbot.wait(200)
    shot = app.window.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot.save(str(SHOTS / "kiosk_call_qr.png"))
    assert LINK in read_qr(shot)  # what a phone held to the screen would read

    officer.act("#ask-screen")
    qt_wait(qtbot, lambda: panel.share_allow.isVisible())
    tap(panel.share_allow)
    screen = wait_for(lambda: decoded(1, 2))
    assert screen["width"] > 0 and screen["height"] > 0

    officer.act("#open-service", select={"#service": "vehicle_tax"})
    qt_wait(qtbot, lambda: app.engine.flow is not None and app.engine.flow.id == "vehicle_tax")
    assert "车船税" in panel.pushed_title.text()
    wait_for(lambda: len(officer.replies()) == 5)
    assert [(r["re"], r["status"]) for r in officer.replies()] == [
        (1, "shown"), (2, "shown"), (3, "asked"), (3, "accepted"), (4, "shown")]
    (SHOTS / "console_in_call.png").write_bytes(officer.page.screenshot())  # path=: a writer thread stays

    tap(panel.hangup)
    qt_wait(qtbot, lambda: help_.state == State.IDLE and not panel.isVisible())
    wait_for(lambda: not officer.in_call())
    assert panel.video.pixmap() is None or panel.video.pixmap().isNull()  # wiped
    wait_for(lambda: len([r for r in app.outbox.rows() if r["kind"] == "remote_help"]) == 8)
    rows = [r["payload"] for r in reversed(app.outbox.rows()) if r["kind"] == "remote_help"]
    assert [r["event"] for r in rows] == ["start", "answered"] + ["action"] * 5 + ["end"]
    assert rows[-1]["by"] == "kiosk" and rows[-1]["reason"] == "hangup"
    assert all(set(r) <= {"event", "call", "terminal", "service", "wait_s", "action", "status", "reason",
                          "by", "duration_s"} for r in rows)  # what happened, never who or what was seen


def test_officer_hangs_up_and_a_waiting_call_ends_with_the_visit(
    qtbot: Any, call_rig: tuple[Any, Officer]
) -> None:
    app, officer = call_rig
    help_, panel = app.remote_help, app.remote_help.panel
    tap(help_.button.button)
    tap(panel.agree)
    qt_wait(qtbot, lambda: "1" in panel.place.text())  # in line (the GUI thread runs meanwhile)
    wait_for(officer.waiting)
    officer.accept_first()
    qt_wait(qtbot, lambda: help_.state == State.IN_CALL)
    officer.act("#hangup")
    qt_wait(qtbot, lambda: help_.state == State.IDLE and not panel.isVisible())

    tap(help_.button.button)
    tap(panel.agree)
    qt_wait(qtbot, lambda: "1" in panel.place.text())  # in line (the GUI thread runs meanwhile)
    wait_for(officer.waiting)
    app.session.end("timeout")  # the idle timeout while waiting: nobody is there any more
    qt_wait(qtbot, lambda: help_.state == State.IDLE and not panel.isVisible())
    wait_for(lambda: officer.waiting() == [])
