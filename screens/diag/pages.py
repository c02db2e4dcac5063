"""The diagnostics screens: PIN entry, the menu, and one page shape every section uses.

Every section is the same shape (title, a scrolling report, an optional picture, rows that may
each carry a button, big action buttons), so one `DiagPage` draws them all and the controller
fills them. Texts are English sources translated in the "Diagnostics" context; pages redraw their
labels when the language changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screens.flow.camera_preview import frame_image
from screens.flow.keypad import Keypad
from screens.style import padded_column, set_style_property, styled_label

CONTEXT = "Diagnostics"
BUTTON_SIZE = (260, 96)


def translated(source: str) -> str:
    """A source text marked elsewhere with QT_TRANSLATE_NOOP("Diagnostics", ...)."""
    return QCoreApplication.translate(CONTEXT, source)


def big_button(key: str) -> QPushButton:
    button = QPushButton()
    button.setMinimumSize(*BUTTON_SIZE)
    button.setProperty("key", key)
    return button


class Translated(QWidget):
    """A widget that redraws its texts when the language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PinEntryPage(Translated):
    """The PIN on the keypad, shown as dots; or a technician card on the scanner."""

    submitted = Signal(str)
    cancelled = Signal()
    MAX_LENGTH = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = padded_column(self, (200, 40), 20)
        self.pin = ""
        self.title = styled_label("title", center=True)
        self.prompt = styled_label("body", center=True, wrap=True)
        self.entry = styled_label("entry", center=True)
        self.entry.setMinimumHeight(96)
        self.banner = styled_label("banner", center=True, wrap=True)
        self.banner.hide()
        self.keypad = Keypad(with_x=False)
        self.keypad.key_pressed.connect(self._key)
        self.ok_button = big_button("ok")
        self.cancel_button = big_button("cancel")
        self.cancel_button.setObjectName("secondary")
        self.ok_button.clicked.connect(lambda: self.submitted.emit(self.pin))
        self.cancel_button.clicked.connect(self.cancelled.emit)
        for widget in (self.title, self.prompt, self.entry):
            layout.addWidget(widget)
        layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        row.addStretch(1)
        layout.addLayout(row)
        # Under the keys, where it can come and go and grow without moving a key under a finger.
        layout.addWidget(self.banner)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician diagnostics"))
        self.prompt.setText(self.tr("Enter the technician PIN, or scan your technician card."))
        self.ok_button.setText(self.tr("Enter"))
        self.cancel_button.setText(self.tr("Cancel"))

    def _key(self, key: str) -> None:
        self.pin = self.pin[:-1] if key == "⌫" else (self.pin + key)[: self.MAX_LENGTH]
        self.entry.setText("●" * len(self.pin))

    def reset(self) -> None:
        self.pin = ""
        self.entry.clear()
        self.banner.hide()
        self.set_locked(False)

    def clear_problem(self) -> None:
        self.banner.clear()
        self.banner.hide()

    def show_problem(self, text: str) -> None:
        self.pin = ""
        self.entry.clear()
        self.banner.setText(text)
        set_style_property(self.banner, "level", "bad")
        self.banner.show()

    def set_locked(self, locked: bool) -> None:
        self.keypad.setEnabled(not locked)
        self.ok_button.setEnabled(not locked)


SECTIONS: tuple[tuple[str, str], ...] = (
    ("devices", str(QT_TRANSLATE_NOOP("Diagnostics", "Devices"))),
    ("selftest", str(QT_TRANSLATE_NOOP("Diagnostics", "Device self-tests"))),
    ("outbox", str(QT_TRANSLATE_NOOP("Diagnostics", "Outbox"))),
    ("network", str(QT_TRANSLATE_NOOP("Diagnostics", "Network test"))),
    ("config", str(QT_TRANSLATE_NOOP("Diagnostics", "Configuration"))),
    ("logs", str(QT_TRANSLATE_NOOP("Diagnostics", "Logs"))),
    ("jobs", str(QT_TRANSLATE_NOOP("Diagnostics", "Print jobs"))),
    ("system", str(QT_TRANSLATE_NOOP("Diagnostics", "Support bundle and power"))),
)


class DiagMenu(Translated):
    chosen = Signal(str)
    leave_clicked = Signal()
    language_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = padded_column(self, (120, 40), 24)
        self.title = styled_label("title", center=True)
        self.who = styled_label("rowLabel", center=True, wrap=True)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, _source) in enumerate(SECTIONS):
            button = big_button(key)
            button.setObjectName("choice")
            button.setMinimumSize(420, 120)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self.buttons[key] = button
            grid.addWidget(button, i // 2, i % 2)
        layout.addLayout(grid)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.language_button = big_button("language")
        self.language_button.setObjectName("secondary")
        self.leave_button = big_button("leave")
        self.language_button.clicked.connect(self.language_clicked.emit)
        self.leave_button.clicked.connect(self.leave_clicked.emit)
        row.addWidget(self.language_button)
        row.addStretch(1)
        row.addWidget(self.leave_button)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician diagnostics"))
        for key, source in SECTIONS:
            self.buttons[key].setText(translated(source))
        self.language_button.setText(self.tr("中文 / English"))
        self.leave_button.setText(self.tr("Leave diagnostics"))


class DiagPage(Translated):
    """One section: a title, a report, an optional picture, rows with buttons, action buttons."""

    back_clicked = Signal()
    action = Signal(str)  # an action key, or "<row action>:<row key>" for a row's button

    def __init__(self, key: str, title: str, actions: tuple[tuple[str, str], ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._title_source = title
        self._action_sources = dict(actions)
        self._row_sources: dict[QPushButton, str] = {}
        layout = padded_column(self, (60, 30), 16)
        header = QHBoxLayout()
        self.title = styled_label("title")
        self.back_button = big_button("back")
        self.back_button.setObjectName("secondary")
        self.back_button.clicked.connect(self.back_clicked.emit)
        header.addWidget(self.title, 1)
        header.addWidget(self.back_button)
        layout.addLayout(header)
        self.banner = styled_label("banner", wrap=True)
        self.banner.hide()
        layout.addWidget(self.banner)
        # A destructive action is confirmed here, at the top, far from the action buttons at the
        # bottom: a double tap on an action can never be its own confirmation.
        self.confirm_row = QWidget()
        confirm = QHBoxLayout(self.confirm_row)
        confirm.setContentsMargins(0, 0, 0, 0)
        self.confirm_text = styled_label("banner", wrap=True)
        set_style_property(self.confirm_text, "level", "bad")
        self.keep_button = big_button("keep")
        self.keep_button.setObjectName("secondary")
        self.confirm_button = big_button("confirm")
        self.keep_button.clicked.connect(lambda: self.action.emit("keep"))
        self.confirm_button.clicked.connect(lambda: self.action.emit("confirm"))
        confirm.addWidget(self.confirm_text, 1)
        confirm.addWidget(self.keep_button)
        confirm.addWidget(self.confirm_button)
        self.confirm_row.hide()
        layout.addWidget(self.confirm_row)
        body = QWidget()
        column = QVBoxLayout(body)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.hide()
        self.text = styled_label("rowValue", wrap=True)
        self.text.setObjectName("report")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.rows = QVBoxLayout()
        column.addWidget(self.image)
        column.addWidget(self.text)
        column.addLayout(self.rows)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.buttons: dict[str, QPushButton] = {}
        if actions:
            row = QHBoxLayout()
            for action_key, _source in actions:
                button = big_button(action_key)
                button.clicked.connect(lambda _=False, k=action_key: self.action.emit(k))
                self.buttons[action_key] = button
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translated(self._title_source))
        self.back_button.setText(self.tr("Back"))
        for action_key, source in self._action_sources.items():
            self.buttons[action_key].setText(translated(source))
        for button, source in self._row_sources.items():
            button.setText(translated(source))

    def set_text(self, text: str) -> None:
        self.text.setText(text)

    def set_banner(self, text: str, level: str = "info") -> None:
        self.banner.setText(text)
        set_style_property(self.banner, "level", level)
        self.banner.setVisible(bool(text))

    def show_frame(self, frame: np.ndarray, boxes: Sequence[tuple[int, int, int, int]] = ()) -> None:
        """A camera frame as the camera sees it (not mirrored), with (x, y, w, h) boxes framed in green."""
        self.set_image(frame_image(frame, boxes=boxes))

    def show_picture(self, picture: Image.Image) -> None:
        """A rendered picture (the receipt as the printer got it), in grey."""
        grey = picture.convert("L")
        self.set_image(QImage(grey.tobytes(), grey.width, grey.height, grey.width,
                              QImage.Format.Format_Grayscale8).copy())

    def set_image(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.image.clear()
            self.image.hide()
            return
        self.image.setPixmap(QPixmap.fromImage(image).scaled(
            960, 540, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.image.show()

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """(text, row action, button source text); an empty row action means no button."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._row_sources.clear()
        for text, row_action, source in rows:
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 4, 0, 4)
            label = styled_label("rowLabel", text, wrap=True)
            row.addWidget(label, 1)
            if row_action:
                button = big_button(row_action)
                button.clicked.connect(lambda _=False, a=row_action: self.action.emit(a))
                self._row_sources[button] = source
                button.setText(translated(source))
                row.addWidget(button)
            self.rows.addWidget(line)

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def ask_confirm(self, text: str, confirm_label: str, ready: bool) -> None:
        """Show (or update) the confirmation: its text, and the confirm button once `ready`."""
        self.confirm_text.setText(text)
        self.confirm_button.setText(confirm_label)
        self.keep_button.setText(self.tr("Keep running"))
        self.confirm_button.setEnabled(ready)
        self.confirm_row.show()

    def end_confirm(self) -> None:
        self.confirm_row.hide()
        self.confirm_button.setEnabled(False)


class DiagScreen(QStackedWidget):
    """Entry, menu and the section pages, in one widget the kiosk window shows as a screen."""

    def __init__(self, sections: dict[str, tuple[tuple[str, str], ...]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = PinEntryPage()
        self.menu = DiagMenu()
        self.addWidget(self.entry)
        self.addWidget(self.menu)
        titles = dict(SECTIONS)
        self.pages: dict[str, DiagPage] = {}
        for key, actions in sections.items():
            page = DiagPage(key, titles[key], actions)
            page.back_clicked.connect(lambda: self.setCurrentWidget(self.menu))
            self.pages[key] = page
            self.addWidget(page)
