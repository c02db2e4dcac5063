"""The call column: beside the kiosk's screens (never over them), so their own buttons stay usable.

It shows, in turn: the consent question, the wait (place in line, estimate), what to do when
nobody answers, and the call itself (the officer's picture, what the officer pushed, the
screen-sharing question, and hang-up: always one tap). Widgets only; kiosk/remote_help decides.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screens.flow.keypad import Keypad, apply_key
from screens.qr import qr_pixmap
from screens.style import styled_label

COLUMN_W = 420  # the screens keep the rest of the width; a 16:9 screen has width to spare, not height
VIDEO_W, VIDEO_H = 368, 207
QR_PX = 200
PHONE_DIGITS = 11


def _button(name: str = "secondary") -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.setMinimumHeight(72)
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(16)
    for widget in widgets:
        row.addWidget(widget)
    return row


class RemoteHelpPanel(QFrame):
    consent_given = Signal()
    cancelled = Signal()  # before an officer answers
    hung_up = Signal()
    keep_waiting = Signal()
    ticket_wanted = Signal()
    callback_wanted = Signal(str)  # the phone number typed
    share_chosen = Signal(str)  # "masked", "all" or "none"
    pushed_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteHelp")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFixedWidth(COLUMN_W)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(16)
        self.video = QLabel()
        self.video.setObjectName("officerVideo")
        self.video.setFixedSize(VIDEO_W, VIDEO_H)
        self.video.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.video, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.views = QWidget()  # one view shown at a time (a hidden view takes no height, unlike in a stack)
        self._views = QVBoxLayout(self.views)
        self._views.setContentsMargins(0, 0, 0, 0)
        self.pages: list[QWidget] = []
        outer.addWidget(self.views, 1)
        self.phone = ""
        self._officer_name = ""
        self.current: QWidget | None = None
        self._build_views()
        self.retranslate()
        self.hide()

    def _view(self) -> tuple[QWidget, QVBoxLayout]:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        self._views.addWidget(view)
        self.pages.append(view)
        view.hide()
        return view, layout

    def _build_views(self) -> None:
        self.consent_view, c = self._view()
        self.consent_text = styled_label("body", wrap=True)
        self.agree, self.consent_cancel = _button("primary"), _button()
        for widget in (self.consent_text, self.agree, self.consent_cancel):
            c.addWidget(widget)
        c.addStretch(1)
        self.agree.clicked.connect(self.consent_given)
        self.consent_cancel.clicked.connect(self.cancelled)

        self.waiting_view, w = self._view()
        self.waiting_title, self.place = styled_label("rhTitle", wrap=True), styled_label("body", wrap=True)
        self.waiting_cancel = _button()
        for widget in (self.waiting_title, self.place, self.waiting_cancel):
            w.addWidget(widget)
        w.addStretch(1)
        self.waiting_cancel.clicked.connect(self.cancelled)

        self.no_answer_view, n = self._view()
        self.no_answer_text = styled_label("body", wrap=True)
        self.callback, self.ticket, self.wait_more, self.no_answer_cancel = (_button("primary"), _button(),
                                                                              _button(), _button())
        for widget in (self.no_answer_text, self.callback, self.ticket, self.wait_more, self.no_answer_cancel):
            n.addWidget(widget)
        n.addStretch(1)
        self.callback.clicked.connect(lambda: self._show_phone_entry())
        self.ticket.clicked.connect(self.ticket_wanted)
        self.wait_more.clicked.connect(self.keep_waiting)
        self.no_answer_cancel.clicked.connect(self.cancelled)

        self.phone_view, p = self._view()
        self.phone_prompt, self.phone_display = styled_label("body", wrap=True), styled_label("entry", center=True)
        self.keypad = Keypad(with_x=False)
        self.keypad.key_pressed.connect(self._phone_key)
        self.phone_send, self.phone_back = _button("primary"), _button()
        p.addWidget(self.phone_prompt)
        p.addWidget(self.phone_display)
        p.addWidget(self.keypad)
        p.addLayout(_row(self.phone_send, self.phone_back))
        p.addStretch(1)
        self.phone_send.clicked.connect(lambda: self.callback_wanted.emit(self.phone))
        self.phone_back.clicked.connect(lambda: self._current(self.no_answer_view))

        self.call_view, v = self._view()
        self.officer = styled_label("rhOfficer", wrap=True)
        self.pushed_title, self.pushed_text = styled_label("rhTitle", wrap=True), styled_label("rhText", wrap=True)
        self.pushed_qr = QLabel()
        self.pushed_qr.setFixedSize(QR_PX, QR_PX)  # never squeezed: a phone must read it
        self.pushed_close = _button()
        self.pushed_close.clicked.connect(self.pushed_closed)
        self.share_allow, self.share_all, self.share_deny = _button("primary"), _button(), _button()
        for button, choice in ((self.share_allow, "masked"), (self.share_all, "all"), (self.share_deny, "none")):
            button.clicked.connect(lambda _=False, c=choice: self.share_chosen.emit(c))
        self.hangup = _button("danger")
        self.hangup.setMinimumHeight(96)
        self.hangup.clicked.connect(self.hung_up)
        for widget in (self.officer, self.pushed_title, self.pushed_text):
            v.addWidget(widget)
        v.addWidget(self.pushed_qr, alignment=Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.share_allow, self.share_all, self.share_deny, self.pushed_close):
            v.addWidget(widget)
        v.addStretch(1)
        v.addWidget(self.hangup)  # always at the foot of the column, the same place every time
        self.clear_pushed()

    # --- what the controller shows -------------------------------------------------------
    def show_consent(self) -> None:
        self._show(self.consent_view, video=False)

    def show_waiting(self, position: int, estimate_s: int) -> None:
        minutes = max(1, round(estimate_s / 60))
        self.place.setText(self.tr("You are number %1 in line. About %2 min.").replace("%1", str(position))
                           .replace("%2", str(minutes)) if position else self.tr("Connecting to the tax bureau…"))
        self._show(self.waiting_view, video=False)

    def show_no_answer(self) -> None:
        self._show(self.no_answer_view, video=False)

    def _show_phone_entry(self) -> None:
        self.phone = ""
        self.phone_display.setText("")
        self.phone_send.setEnabled(False)
        self._current(self.phone_view)

    def _phone_key(self, key: str) -> None:
        self.phone = apply_key(self.phone, key, PHONE_DIGITS)
        self.phone_display.setText(self.phone)
        self.phone_send.setEnabled(len(self.phone) == PHONE_DIGITS and self.phone.startswith("1"))

    def show_call(self, officer: str) -> None:
        self._officer_name = officer
        self.officer.setText(self.tr("Tax officer %1 is helping you").replace("%1", officer) if officer
                             else self.tr("Connecting the call…"))
        self._show(self.call_view, video=True)

    def show_pushed(self, title: str, text: str, qr_payload: str = "") -> None:
        self.ask_share(False)
        self.pushed_title.setText(title)
        self.pushed_text.setText(text)
        self.pushed_title.show()
        self.pushed_text.setVisible(bool(text))
        self.pushed_close.show()
        if qr_payload:
            self.pushed_qr.setPixmap(qr_pixmap(qr_payload, QR_PX))
            self.pushed_qr.setProperty("payload", qr_payload)
            self.pushed_qr.show()
        else:
            self.pushed_qr.hide()

    def clear_pushed(self) -> None:
        for widget in (self.pushed_title, self.pushed_text, self.pushed_qr, self.pushed_close):
            widget.hide()
        self.pushed_qr.clear()
        self.pushed_qr.setProperty("payload", None)
        self.ask_share(False)

    def ask_share(self, on: bool) -> None:
        if on:
            self.clear_pushed()
            self.pushed_title.setText(self.tr("The tax officer asks to see your screen"))
            self.pushed_title.show()
        for button in (self.share_allow, self.share_all, self.share_deny):
            button.setVisible(on)

    def set_officer_frame(self, image: QImage) -> None:
        self.video.setPixmap(QPixmap.fromImage(image).scaled(
            VIDEO_W, VIDEO_H, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def wipe(self) -> None:
        """Nothing of the call stays on screen: picture, pushed content, typed phone number."""
        self.video.clear()
        self.clear_pushed()
        self.phone = ""
        self.phone_display.clear()
        self.hide()

    def _show(self, view: QWidget, video: bool) -> None:
        self.video.setVisible(video)
        self._current(view)
        self.show()

    def _current(self, view: QWidget) -> None:
        """Show `view`: the band is as tall as this view needs, not as its tallest (the keypad)."""
        for page in self.pages:
            page.setVisible(page is view)
        self.current = view

    def retranslate(self) -> None:
        self.consent_text.setText(self.tr(
            "Video help: a tax officer will see and hear you through this terminal's camera and microphone. "
            "Nothing is recorded. You can hang up at any time."))
        self.agree.setText(self.tr("Agree and call"))
        for button in (self.consent_cancel, self.waiting_cancel, self.no_answer_cancel):
            button.setText(self.tr("Cancel"))
        self.waiting_title.setText(self.tr("Calling a tax officer…"))
        self.no_answer_text.setText(self.tr(
            "All officers are busy. We can call you back, or you can take a queue ticket for the counter."))
        self.callback.setText(self.tr("Call me back"))
        self.ticket.setText(self.tr("Take a queue ticket"))
        self.wait_more.setText(self.tr("Keep waiting"))
        self.phone_prompt.setText(self.tr("Your mobile number (11 digits):"))
        self.phone_send.setText(self.tr("Send"))
        self.phone_back.setText(self.tr("Back"))
        self.share_allow.setText(self.tr("Share (personal details hidden)"))
        self.share_all.setText(self.tr("Share everything"))
        self.share_deny.setText(self.tr("Don't share"))
        self.pushed_close.setText(self.tr("Close"))
        self.hangup.setText(self.tr("Hang up"))
        if self.current is self.call_view:
            self.show_call(self._officer_name)
            if self.share_allow.isVisible():
                self.ask_share(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
