"""The Qt side of 视频帮办: when the button is offered, consent, the wait, the call, and its end.

Every device and network step runs on the media thread (kiosk/remote_help/loop.py); what it
reports arrives here as `media_event` on the GUI thread. A call ends with the visit: the idle
timeout while waiting, the end of the session, or a hang-up from either side, and then nothing
of it stays on screen. Start, answer, each action and the end are audited through the outbox
(kind `remote_help`: what happened, never media or personal fields).
"""

from __future__ import annotations

import importlib
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.remote_help.availability import Availability
from kiosk.remote_help.loop import MediaLoop
from kiosk.remote_help.pushed import Pushed
from kiosk.remote_help.screen_share import grab
from screens.remote_help.button import RemoteHelpButton
from screens.remote_help.panel import RemoteHelpPanel

if TYPE_CHECKING:
    from kiosk.remote_help.call import RemoteCall

log = logging.getLogger(__name__)

AUDIT_KIND = "remote_help"
MEDIA_MODULE = "kiosk.remote_help.session"  # aiortc and PyAV: loaded in a worker when the first call is placed
LOAD_TIMEOUT_S = 120.0
FRAME_MS = 100  # the officer's picture on the panel: 10 per second is plenty for a face
KEEP_ALIVE_MS = 5000  # a conversation is activity: the idle timeout does not cut an answered call


def beside_screens(window: Any, panel: QWidget) -> None:
    """Put `panel` to the right of the window's screens: they keep their full height and their buttons."""
    layout = window.layout()
    index = layout.indexOf(window.stack)
    layout.removeWidget(window.stack)
    row = QHBoxLayout()
    row.setSpacing(0)
    row.addWidget(window.stack, 1)
    row.addWidget(panel)
    layout.insertLayout(index, row, 1)


class State:
    IDLE, CONSENT, WAITING, NO_ANSWER, IN_CALL = "idle", "consent", "waiting", "no_answer", "in_call"


class RemoteHelp(QObject):
    media_event = Signal(str, object)  # emitted on the media thread; Qt delivers it on the GUI thread
    state_changed = Signal(str)

    def __init__(self, kiosk: Any, key: bytes) -> None:
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.config = kiosk.config.remote_help
        self.key = key
        self.state = State.IDLE
        self.call: RemoteCall | None = None
        self.loop: MediaLoop | None = None
        self.call_id = ""
        self.started_at = 0.0
        self.share = "none"  # "masked", "all" or "none": what the taxpayer chose for their screen
        window = kiosk.window
        self.panel = RemoteHelpPanel()
        beside_screens(window, self.panel)
        self.button = RemoteHelpButton()
        window.strip.add_action(self.button)  # beside 呼叫工作人员, on every screen
        self.availability = Availability(kiosk, self.button, self.config.enabled, key)
        self.pushed = Pushed(self)
        self._no_answer = QTimer(self, singleShot=True, interval=self.config.no_answer_s * 1000)
        self._frames = QTimer(self, interval=FRAME_MS)
        self._sharing = QTimer(self, interval=round(1000 / self.config.screen_fps))
        self._keep_alive = QTimer(self, interval=KEEP_ALIVE_MS)
        self._wire()

    def _wire(self) -> None:
        p, k = self.panel, self.kiosk
        self.button.clicked.connect(self.request)
        p.consent_given.connect(self.place_call)
        p.cancelled.connect(lambda: self.end("cancelled"))
        p.hung_up.connect(lambda: self.end("hangup"))
        p.keep_waiting.connect(self._keep_waiting)
        p.ticket_wanted.connect(self._ticket)
        p.callback_wanted.connect(self._callback)
        p.share_chosen.connect(self.pushed.share_chosen)
        p.pushed_closed.connect(self._close_pushed)
        self.media_event.connect(self._on_media)
        self._no_answer.timeout.connect(self._on_no_answer)
        self._frames.timeout.connect(self._show_officer)
        self._sharing.timeout.connect(self._share_screen)
        self._keep_alive.timeout.connect(k.idle.keep_alive)
        k.session.ended.connect(lambda reason: self.end(f"session_{reason}"))

    def _close_pushed(self) -> None:
        self.pushed.shown = None
        self.panel.clear_pushed()

    # --- taps -----------------------------------------------------------------------------
    def request(self) -> None:
        """The 视频帮办 button: ask for consent first (a visit starts if none is on)."""
        if self.state != State.IDLE or not self.availability.available:
            return
        if not self.kiosk.session.active:
            self.kiosk.start_session()
        self._set_state(State.CONSENT)
        self.panel.show_consent()

    def place_call(self) -> None:
        if self.state != State.CONSENT:
            return
        self.call_id = str(uuid.uuid4())
        self.started_at = time.monotonic()
        self._set_state(State.WAITING)
        self.panel.show_waiting(0, 0)
        self.loop = MediaLoop()
        self.kiosk.runner.submit(lambda: importlib.import_module(MEDIA_MODULE), LOAD_TIMEOUT_S,
                                 on_success=self._media_loaded, on_failure=self._media_failed,
                                 name="load remote help media")
        self._no_answer.start()

    def _media_loaded(self, session: Any) -> None:
        loop = self.loop
        if self.state not in (State.WAITING, State.NO_ANSWER) or loop is None:
            return  # cancelled while the libraries loaded
        k, cfg = self.kiosk, self.config
        flow = k.engine.flow
        ice = [{"urls": url, "username": cfg.turn_username or None, "credential": cfg.turn_credential or None}
               for url in cfg.ice_urls]
        setup = session.CallSetup(k.config.bureau.url, k.config.terminal.id, self.key, k.config.terminal.hall,
                                  flow.id if flow is not None else "home", ice, k.config.bureau.ca_bundle,
                                  k.config.bureau.pin_sha256)
        camera_device = k.camera
        loop.submit(session.run_call(setup, cfg, lambda: self._camera_frame(camera_device), self.pushed.hello(),
                                     self.media_event.emit, self._call_started))
        self.audit("start", service=setup.service)

    def _call_started(self, call: RemoteCall) -> None:
        self.call = call  # on the media thread: one attribute, read by the GUI thread's timers

    def _media_failed(self, exc: Exception) -> None:
        log.error("video help unavailable: its media libraries do not load", extra={
            "error": f"{type(exc).__name__}: {exc}"})
        self._finish("kiosk", "media_unavailable")

    def end(self, reason: str) -> None:
        """Hang up (or stop waiting) from the kiosk's side; the media thread reports `ended`."""
        if self.state == State.IDLE:
            return
        if self.state == State.CONSENT or self.loop is None:
            self._finish("kiosk", reason)
            return
        call, loop = self.call, self.loop
        if call is not None:
            loop.submit(call.hang_up(reason))
        else:  # still opening devices: stop the thread, its run ends with it
            self._finish("kiosk", reason)

    # --- what the media thread reports ------------------------------------------------------
    def _on_media(self, kind: str, data: Any) -> None:
        if self.state == State.IDLE:
            return  # a late report from a call already wiped
        if kind == "queued" and self.state in (State.WAITING, State.NO_ANSWER):
            if self.state == State.WAITING:
                self.panel.show_waiting(data["position"], data["estimate_s"])
        elif kind == "answered":
            self._no_answer.stop()
            self._set_state(State.IN_CALL)
            self.panel.show_call(data["officer"])
            self._frames.start()
            self._keep_alive.start()
            self.audit("answered", wait_s=round(time.monotonic() - self.started_at, 1))
        elif kind == "message":
            self.pushed.on_message(data)
        elif kind == "device":
            log.warning("remote help device problem", extra={"problem": data["problem"]})
        elif kind == "closed":
            self._finish("bureau", "closed")
        elif kind == "ended":
            self._finish(data["by"], data["reason"])

    def _on_no_answer(self) -> None:
        if self.state == State.WAITING:
            self._set_state(State.NO_ANSWER)
            self.panel.show_no_answer()
            self.audit("no_answer")

    def _keep_waiting(self) -> None:
        if self.state == State.NO_ANSWER:
            self._set_state(State.WAITING)
            self.panel.show_waiting(0, 0)
            self._no_answer.start()

    def _ticket(self) -> None:
        self.end("ticket")
        if "queue_ticket" in self.kiosk.flows:
            self.kiosk.choose_service("queue_ticket")

    def _callback(self, phone: str) -> None:
        """The number goes through the outbox (its `phone` field sealed at rest), then the call ends."""
        outbox, hall = self.kiosk.outbox, self.kiosk.config.terminal.hall_id
        if outbox is not None:
            self.kiosk.runner.submit(
                lambda: outbox.record("remote_help_callback", {"phone": phone, "hall_id": hall}), timeout_s=10,
                name="remote help callback", on_failure=lambda exc: log.error(
                    "callback request not saved", extra={"error": type(exc).__name__}))
        self.end("callback")

    # --- media on the GUI thread: cheap copies only ------------------------------------------
    @staticmethod
    def _camera_frame(camera: Any) -> np.ndarray | None:
        if camera is None:
            return None
        camera.active = True  # read frames while the call needs them (steps switch it for codes)
        frame: np.ndarray | None = camera.last_frame()
        return frame

    def _show_officer(self) -> None:
        call = self.call
        rgb = call.received.newest() if call is not None else None
        if rgb is not None:
            height, width, _ = rgb.shape
            self.panel.set_officer_frame(QImage(rgb.data, width, height, width * 3, QImage.Format.Format_RGB888).copy())

    def start_sharing(self, choice: str) -> None:
        self.share = choice
        self._sharing.start()
        self._share_screen()

    def _share_screen(self) -> None:
        call = self.call
        if call is None or self.share == "none":
            return
        call.screen.push(grab(self.kiosk.window, [self.panel], mask_personal=self.share != "all"))

    # --- the end -------------------------------------------------------------------------
    def _finish(self, by: str, reason: str) -> None:
        if self.state == State.IDLE:
            return
        was_call = self.state != State.CONSENT
        for timer in (self._no_answer, self._frames, self._sharing, self._keep_alive):
            timer.stop()
        self.share = "none"
        self.pushed.shown = None
        self.panel.wipe()
        self.call = None
        loop, self.loop = self.loop, None
        if loop is not None:  # joining the thread may take a moment: not on the GUI thread
            self.kiosk.runner.submit(loop.stop, timeout_s=10, name="remote help media stop")
        camera = self.kiosk.camera
        if camera is not None:
            camera.active = False  # the app switches it on again when a step wants codes
        self._set_state(State.IDLE)
        if was_call:
            self.audit("end", by=by, reason=reason[:32], duration_s=round(time.monotonic() - self.started_at, 1))

    def audit(self, event: str, **details: Any) -> None:
        """One `remote_help` row: what happened in which call, never who or what was seen."""
        outbox = self.kiosk.outbox
        if outbox is None:
            return
        entry = {"event": event, "call": self.call_id, "terminal": self.kiosk.config.terminal.id, **details}
        self.kiosk.runner.submit(lambda: outbox.record(AUDIT_KIND, entry), timeout_s=10, name="remote help audit",
                                 on_failure=lambda exc: log.error("remote help audit not saved",
                                                                  extra={"error": type(exc).__name__}))

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def shutdown(self) -> None:
        """At app exit: hang up and end the media thread (bounded wait)."""
        call, loop = self.call, self.loop
        self.call, self.loop = None, None
        if loop is not None:
            loop.stop(call.hang_up("shutdown") if call is not None else None)
