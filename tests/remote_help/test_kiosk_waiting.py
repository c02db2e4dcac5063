"""视频帮办 before anyone answers: when the button is offered, consent, cancel, and nobody answering."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.append(str(Path(__file__).parents[1] / "services"))
sys.path.append(str(Path(__file__).parents[1] / "outbox"))
from bureau_thread import ThreadedServer  # noqa: E402
from service_rig import (  # noqa: E402
    SeededBureau,
    running_seeded_bureau,
    service_settings,
    tap,
)

from bureau.app import create_app  # noqa: E402
from bureau.remote_help.settings import RemoteHelpSettings  # noqa: E402
from kiosk.config import parse_config  # noqa: E402
from kiosk.link import LinkState  # noqa: E402
from kiosk.remote_help.controller import State  # noqa: E402

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def bureau(tmp_path: Path) -> Iterator[SeededBureau]:
    with running_seeded_bureau(tmp_path) as b:
        yield b


def build(qtbot: Any, tmp_path: Path, url: str, key: bytes) -> Any:
    from ready import build_kiosk

    settings = service_settings(tmp_path, url, key)
    settings["remote_help"] = {"microphone": "", "speaker": ""}
    return loaded(qtbot, build_kiosk(qtbot, parse_config(settings)))


def loaded(qtbot: Any, app: Any) -> Any:
    qtbot.waitUntil(lambda: app.remote_help is not None, timeout=30000)  # media libraries load in a worker
    return app


def test_consent_first_and_cancel_any_time(qtbot: Any, tmp_path: Path, bureau: SeededBureau) -> None:
    app = build(qtbot, tmp_path, bureau.url, bureau.key)
    help_, panel = app.remote_help, app.remote_help.panel
    try:
        qtbot.waitUntil(lambda: help_.button.button.isVisible(), timeout=10000)
        tap(help_.button.button)
        assert help_.state == State.CONSENT and help_.call is None  # nothing is sent before the yes
        tap(panel.consent_cancel)
        assert help_.state == State.IDLE and not panel.isVisible()
        tap(help_.button.button)
        tap(panel.agree)
        qtbot.waitUntil(lambda: "1" in panel.place.text(), timeout=10000)
        tap(panel.waiting_cancel)
        qtbot.waitUntil(lambda: help_.state == State.IDLE and not panel.isVisible(), timeout=10000)
    finally:
        app.shutdown()


def test_nobody_answers_callback_number_goes_sealed_through_the_outbox(
    qtbot: Any, tmp_path: Path, bureau: SeededBureau
) -> None:
    app = build(qtbot, tmp_path, bureau.url, bureau.key)
    help_, panel = app.remote_help, app.remote_help.panel
    try:
        qtbot.waitUntil(lambda: help_.button.button.isVisible(), timeout=10000)
        help_._no_answer.setInterval(500)  # [remote_help] no_answer_s, shortened for the test
        tap(help_.button.button)
        tap(panel.agree)
        qtbot.waitUntil(lambda: panel.no_answer_view.isVisible(), timeout=10000)
        tap(panel.callback)
        for key in "1380013800":
            tap(panel.keypad.buttons[key])
        assert not panel.phone_send.isEnabled()  # 10 digits: not a mobile number yet
        tap(panel.keypad.buttons["0"])
        tap(panel.phone_send)
        qtbot.waitUntil(lambda: help_.state == State.IDLE and not panel.isVisible(), timeout=10000)
        assert panel.phone == "" and panel.phone_display.text() == ""  # wiped
        qtbot.waitUntil(lambda: any(r["kind"] == "remote_help_callback" for r in app.outbox.rows()), timeout=5000)
        stored = app.outbox.read(lambda db: [r["payload"] for r in db.query(
            "SELECT payload FROM outbox WHERE kind = 'remote_help_callback'")])
        assert "13800138000" not in stored[0]  # sealed at rest
        qtbot.waitUntil(lambda: len([r for r in app.outbox.rows() if r["kind"] == "remote_help"]) == 3,
                        timeout=5000)
        events = [r["payload"]["event"] for r in reversed(app.outbox.rows()) if r["kind"] == "remote_help"]
        assert events == ["start", "no_answer", "end"]
        qtbot.waitUntil(lambda: bool(bureau.transactions("remote_help_callback")), timeout=15000)
        assert bureau.transactions("remote_help_callback")[0]["phone"] == "13800138000"  # reached the bureau
    finally:
        app.shutdown()


def test_hidden_with_a_reason_when_offline_or_outside_hours(qtbot: Any, tmp_path: Path, bureau: SeededBureau) -> None:
    later = dt.datetime.now() + dt.timedelta(hours=2)
    hours = f"{later:%H}:00-{later:%H}:59"
    closed = RemoteHelpSettings(hours=hours)
    with ThreadedServer(create_app(bureau.engine, remote_help=closed)) as server:
        app = build(qtbot, tmp_path, server.url, bureau.key)
        try:
            qtbot.waitUntil(lambda: hours in app.remote_help.button.reason.text(), timeout=10000)
            assert not app.remote_help.button.button.isVisible()
            assert app.remote_help.button.reason.isVisible()
            app.session.set_language("en")
            qtbot.waitUntil(lambda: app.remote_help.button.reason.text() == f"Video help hours: {hours}", timeout=2000)
        finally:
            app.shutdown()


def test_offline_reason(qtbot: Any, unreachable_kiosk: Any) -> None:
    help_ = loaded(qtbot, unreachable_kiosk).remote_help
    qtbot.waitUntil(lambda: unreachable_kiosk.link.state == LinkState.DOWN, timeout=10000)
    assert not help_.button.button.isVisible()
    assert "税务系统断开" in help_.button.reason.text()
