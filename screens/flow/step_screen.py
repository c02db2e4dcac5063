"""One screen for every step of every service: it draws a `Step` and reports what was chosen.

Header (title and progress), a body built from the step's fields or its presented rows, an
error banner with a way on, and one footer of Back / Cancel / Next, the same everywhere so a
taxpayer learns it once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.model import SCANNED, FormField, Step, StepKind, Text
from screens.flow.camera_preview import CameraPreview
from screens.flow.card_hint import card_hint
from screens.flow.keypad import Keypad, apply_key
from screens.flow.text_entry import KeyboardDock, ResizeWatcher, TextEntry
from screens.qr import qr_pixmap
from screens.style import padded_column, set_style_property, styled_label
from taxcore import doclink

log = logging.getLogger(__name__)

CHOICE_COLUMNS = 4
RATING_VALUES = ("5", "4", "3", "2", "1")
IDENTIFY_METHODS = ("card", "qr", "type")


def group_id_number(number: str) -> str:
    """6-8-4 grouping (area, birth date, sequence + check) is easier to compare with a card."""
    parts = [number[:6], number[6:14], number[14:]]
    return " ".join(p for p in parts if p)


class _FieldInput(QWidget):
    """The input of one form field: large choice buttons, a display above a keypad, or a line edit."""

    changed = Signal()

    def __init__(self, spec: FormField, context: Mapping[str, Any], language: str) -> None:
        super().__init__()
        self.spec = spec
        self.language = language
        self.context = context
        self.value = str(context.get(spec.id, ""))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = styled_label("fieldLabel", spec.label.get(language))
        if spec.kind != "text":
            layout.addWidget(label)
        self.error = styled_label("fieldError", wrap=True)
        if spec.kind in ("choice", "multi"):
            self.group = QButtonGroup(self)
            self.group.setExclusive(spec.kind == "choice")
            chosen = set(self.value.split(",")) if spec.kind == "multi" else {self.value}
            grid = QGridLayout()
            for i, choice in enumerate(spec.options(context)):
                button = QPushButton(choice.label.get(language))
                button.setObjectName("choice")
                button.setCheckable(True)
                button.setMinimumHeight(96)
                button.setChecked(choice.value in chosen)
                button.setProperty("value", choice.value)
                button.clicked.connect(lambda _=False, v=choice.value: self._set(v) if spec.kind == "choice"
                                       else self._set(self._checked_values()))
                self.group.addButton(button)
                grid.addWidget(button, i // CHOICE_COLUMNS, i % CHOICE_COLUMNS)
            layout.addLayout(grid)
            self.summary = styled_label("fieldSummary", wrap=True)
            layout.addWidget(self.summary)
            self._show_choices()
            # Nothing is wrong with a choice made by tapping: no empty line under the buttons
            # (in elder mode it pushed a keypad below them off a 1080-line screen).
            layout.addWidget(self.error)
            self.error.hide()
        elif spec.kind == "text":
            self.entry = TextEntry(self.value)
            self.touched = False
            self.entry.textChanged.connect(self._typed)
            # Label beside the field and the error only when there is one: the room above the
            # keyboard is small, a field and its label must fit it together.
            row = QHBoxLayout()
            label.setMinimumWidth(240)
            row.addWidget(label)
            row.addWidget(self.entry, 1)
            layout.addLayout(row)
            layout.addWidget(self.error)
            self.error.hide()
        else:
            # What was typed and what is wrong with it beside the keypad, not above it: with a
            # message showing, elder mode's large type still fits a 1080-line screen.
            self.display = styled_label("entry", center=True)
            self.display.setMinimumHeight(90)
            self.keypad = Keypad(with_x=spec.max_length == 18)
            self.keypad.key_pressed.connect(lambda k: self._set(apply_key(self.value, k, spec.max_length)))
            column = QVBoxLayout()
            column.addWidget(self.display)
            column.addWidget(self.error)
            column.addStretch(1)
            row = QHBoxLayout()
            row.setSpacing(40)
            row.addLayout(column, 1)
            row.addWidget(self.keypad)
            layout.addLayout(row)
            self._show_entry()

    def _checked_values(self) -> str:
        """A multi-choice value: the chosen values, comma-separated, in the order shown."""
        return ",".join(str(b.property("value")) for b in self.group.buttons() if b.isChecked())

    def _set(self, value: str) -> None:
        self.value = value
        if self.spec.kind == "keypad":
            self._show_entry()
        if self.spec.kind in ("choice", "multi"):
            self._show_choices()
        self.changed.emit()

    def _show_choices(self) -> None:
        """Several may be chosen: each chosen one is ticked, and what they add up to shows as it changes."""
        if self.spec.kind == "multi":
            for button, choice in zip(self.group.buttons(), self.spec.options(self.context), strict=False):
                button.setText(("✔ " if button.isChecked() else "□ ") + choice.label.get(self.language))
        summary = self.spec.summary(self.context, self.value) if self.spec.summary else None
        self.summary.setText(summary.get(self.language) if summary else "")
        self.summary.setVisible(summary is not None)

    def _typed(self, text: str) -> None:
        """Text committed by the keyboard (pinyin shows in the field first, committed on a candidate)."""
        self.touched = True
        self._set(text.strip())
        self.error.setText(self.problem() or "")
        self.error.setVisible(bool(self.error.text()))

    def _show_entry(self) -> None:
        # An ID number 6-8-4 like the card; a long code in fours like the paper (验证码, 发票号码).
        shown = group_id_number(self.value) if self.spec.max_length == 18 else (
            doclink.spaced(self.value) if self.spec.max_length >= 16 else self.value)
        self.display.setText(shown or "—")
        problem = self.problem(partial=True)
        self.error.setText(problem or "")

    def problem(self, partial: bool = False) -> str | None:
        """The message for the current value, or None. While typing, only definite errors show."""
        if self.spec.kind == "text":
            if not self.value:
                return self.tr("Please fill this in") if self.touched else None
            if len(self.value) > self.spec.max_length:
                return self.tr("At most {count} characters").format(count=self.spec.max_length)
        if not self.value:
            return None
        if self.spec.validate is None:
            return None
        if partial and self.spec.kind == "keypad" and len(self.value) < self.spec.max_length:
            return None
        message = self.spec.validate(self.value)
        return message.text() if message else None

    def complete(self) -> bool:
        return (bool(self.value) or self.spec.optional) and self.problem() is None


class StepScreen(QWidget):
    submitted = Signal(dict)
    identify_method_changed = Signal(str)  # "card", "qr" or "type": which device to listen to
    back_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "zh_CN"
        self.step: Step | None = None
        self.inputs: list[_FieldInput] = []
        self.rating: str | None = None
        self.rating_group: QButtonGroup | None = None
        self.method_group: QButtonGroup | None = None
        self.method_hint = QLabel()
        self.qr_label: QLabel | None = None
        self.countdown: QLabel | None = None  # a pay step's time left
        self.camera: CameraPreview | None = None  # a face-check step's live picture
        self.identify_method = ""
        screen = QVBoxLayout(self)
        screen.setContentsMargins(0, 0, 0, 0)
        screen.setSpacing(0)
        content = QWidget()
        screen.addWidget(content, 1)
        outer = padded_column(content, (60, 30), 20)
        self.content_layout = outer
        head = QHBoxLayout()
        self.title = styled_label("title")
        self.progress = styled_label("progress")
        head.addWidget(self.title, 1)
        head.addWidget(self.progress)
        outer.addLayout(head)
        self.note = styled_label("body", wrap=True)
        outer.addWidget(self.note)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        # The fields scroll: with the keyboard open, the one being typed into is scrolled into view.
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("stepBody")
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setWidget(self.body)
        self._viewport_watcher = ResizeWatcher(self._keep_focused_visible)
        self.body_scroll.viewport().installEventFilter(self._viewport_watcher)
        outer.addWidget(self.body_scroll, 1)
        self.banner = styled_label("banner", wrap=True)
        self.banner.hide()
        outer.addWidget(self.banner)
        foot = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondary")  # going back is never the main action
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("secondary")
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        for b in (self.back_button, self.cancel_button, self.next_button):
            b.setMinimumSize(260, 96)
        foot.addWidget(self.back_button)
        foot.addWidget(self.cancel_button)
        foot.addStretch(1)
        foot.addWidget(self.next_button)
        outer.addLayout(foot)
        # In the window from the start (a QQuickWidget added to a shown window does not render);
        # its keyboard loads at the first text step.
        self.keyboard = KeyboardDock()
        self.keyboard.hide()
        screen.addWidget(self.keyboard)
        self.back_button.clicked.connect(self.back_clicked.emit)
        self.cancel_button.clicked.connect(self.cancel_clicked.emit)
        self.next_button.clicked.connect(self._submit)

    # --- the camera's picture on a face check ----------------------------------------------
    def show_camera(self, on: bool) -> None:
        """Show the live picture above the step's buttons (on), or take it away."""
        if on and self.camera is None:
            self.camera = CameraPreview()
            self.body_layout.insertWidget(self.body_layout.count() - 1, self.camera,  # above the stretch
                                          alignment=Qt.AlignmentFlag.AlignHCenter)
        elif not on and self.camera is not None:
            self.camera.clear()  # the widget goes with the rest of the step

    def show_camera_frame(self, frame: np.ndarray) -> None:
        if self.camera is not None:
            self.camera.show_frame(frame)

    # --- drawing a step ------------------------------------------------------------------
    def show_step(self, step: Step, context: Mapping[str, Any], number: int, total: int, language: str) -> None:
        self.clear()
        self.step, self.language = step, language
        self.title.setText(step.title.get(language))
        self.progress.setText(self.tr("Step {number} of {total}").format(number=number, total=total))
        self.note.setText(step.note.get(language) if step.note else "")
        self.note.setVisible(step.note is not None)
        if step.kind is StepKind.SCAN:
            self._add_scan_hint()  # first: scanning is the way; a keypad below is for a code that will not scan
        for spec in step.fields:
            field_input = _FieldInput(spec, context, language)
            field_input.changed.connect(self._refresh)
            self.inputs.append(field_input)
            self.body_layout.addWidget(field_input)
            if spec.kind == "text":
                field_input.entry.focused.connect(self._keep_focused_visible)
        keyboard_missing = not self._show_keyboard(language)
        if step.kind is StepKind.IDENTIFY:
            self._add_identify_methods()
        if step.kind is StepKind.SCAN:
            self.next_button.setVisible(bool(self.inputs))  # "Next" sends a code typed instead
        if step.outcome is not None:
            level, words = step.outcome(context)
            outcome = styled_label("outcome", words.get(language), wrap=True)
            set_style_property(outcome, "level", level)
            self.body_layout.addWidget(outcome)
        if step.present is not None or step.qr is not None:
            self._add_rows(step.present(context) if step.present else [], step.qr(context) if step.qr else None)
        if step.kind is StepKind.PAY:
            self.countdown = styled_label("payCountdown")  # secondary: the QR and the amount lead
            self.body_layout.addWidget(self.countdown)
        if step.kind is StepKind.RATE:
            self._add_rating()
        self.body_layout.addStretch(1)
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        last = number == total and step.kind is not StepKind.RATE
        self.next_button.setText(self.tr("Done") if last else self._next_label(step.kind))
        self.set_busy(False)
        if keyboard_missing:
            self.show_banner(self.tr(
                "The on-screen keyboard is not working, so nothing can be typed here. Please go back or cancel, "
                "and ask at the service counter."), "bad")

    def _show_keyboard(self, language: str) -> bool:
        """Open the keyboard under a step with text fields and put the cursor in the first empty one.

        False when the step needs the keyboard and it does not load (the step then says so).
        """
        entries = [i.entry for i in self.inputs if i.spec.kind == "text"]
        problem = self.keyboard.load() if entries else None
        if not entries or problem:
            self.keyboard.hide()  # a keyboard that failed to load is an empty white box
            self.content_layout.setContentsMargins(60, 30, 60, 30)
            if problem:
                log.error("virtual keyboard unavailable", extra={"problem": problem})
            return not problem
        self.keyboard.set_language(language)
        self.keyboard.show()
        self.content_layout.setContentsMargins(60, 12, 60, 12)  # back to (60, 30) without the keyboard
        first = next((e for e in entries if not e.text()), entries[0])
        first.setFocus()
        QGuiApplication.inputMethod().show()
        return True

    def _keep_focused_visible(self) -> None:
        """Scroll the field being typed into into view, once the layout has settled."""
        def scroll() -> None:
            focused = self.focusWidget()
            if isinstance(focused, TextEntry) and self.body.isAncestorOf(focused):
                field_input = focused.parentWidget()
                self.body_scroll.ensureWidgetVisible(field_input or focused, 0, 10)
        QTimer.singleShot(0, scroll)

    def _next_label(self, kind: StepKind) -> str:
        labels = {
            StepKind.CONFIRM: self.tr("Confirm"),
            StepKind.PRINT: self.tr("Done"),
            StepKind.RATE: self.tr("Skip"),  # until a level is chosen (then "Submit rating")
            StepKind.PAY: self.tr("I have paid"),
        }
        return labels.get(kind, self.tr("Next"))

    def _method_texts(self) -> dict[str, tuple[str, str]]:
        """Button label and instruction of each way to identify."""
        return {
            "card": (self.tr("Card on the reader"), self.tr(
                "Place your card flat on the reader below the screen and keep it still until it has been read.")),
            "qr": (self.tr("Scan tax-app code"), self.tr(
                "Open the identity code in your tax app and hold the phone screen up to the scanner window.")),
            "type": (self.tr("Type ID number"), ""),
        }

    def _rating_texts(self) -> dict[str, str]:
        return {
            "5": self.tr("Very satisfied"), "4": self.tr("Satisfied"), "3": self.tr("Neutral"),
            "2": self.tr("Dissatisfied"), "1": self.tr("Very dissatisfied"),
        }

    def _add_rows(self, rows: list[tuple[Text, str | Text]], qr_payload: str | None) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        for i, (label, value) in enumerate(rows):
            shown = value.get(self.language) if isinstance(value, Text) else value
            if not label.zh and not label.en:
                # Unlabelled content is a paragraph; unlabelled data (a queue number) a headline.
                style = "paragraph" if isinstance(value, Text) else "headline"
                grid.addWidget(styled_label(style, shown, wrap=True), i + 1, 0, 1, 2)
                continue
            if self.step is not None and self.step.kind is StepKind.PAY and i == len(rows) - 1:
                # The last row of the pay step is the amount due: first and, after the QR, the biggest thing.
                due = QHBoxLayout()
                due.setSpacing(32)
                due.addWidget(styled_label("amountDue", label.get(self.language)))
                due.addWidget(styled_label("amountDue", shown))
                due.addStretch(1)
                grid.addLayout(due, 0, 0, 1, 2)
                continue
            grid.addWidget(styled_label("rowLabel", label.get(self.language)), i + 1, 0)
            grid.addWidget(styled_label("rowValue", shown, wrap=True), i + 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(rows) + 1, 1)  # rows stay together at the top, beside a QR as without one
        if not qr_payload:  # none, or not known yet (a payment link before the order exists)
            self.body_layout.addLayout(grid)
            return
        row = QHBoxLayout()
        paying = self.step is not None and self.step.kind is StepKind.PAY
        if not paying:
            row.addLayout(grid, 1)
        self.qr_label = QLabel()
        self.qr_label.setPixmap(qr_pixmap(qr_payload, 460 if paying else 320))  # paying: the QR leads
        self.qr_label.setProperty("payload", qr_payload)
        column = QVBoxLayout()
        column.addWidget(self.qr_label)
        caption = self.tr("Scan with your banking or payment app") if self.step and self.step.kind is StepKind.PAY \
            else self.tr("Scan with your phone")
        column.addWidget(styled_label("rowLabel", caption, center=True))
        column.addStretch(1)
        row.addLayout(column)
        if paying:
            row.addSpacing(48)
            row.addLayout(grid, 1)
        self.body_layout.addLayout(row)

    def _add_identify_methods(self) -> None:
        """Card, code or keypad: the card is the default, the keypad shows only when chosen."""
        row = QHBoxLayout()
        self.method_group = group = QButtonGroup(self)
        self.method_hint = hint = styled_label("body", center=True, wrap=True)
        texts = self._method_texts()
        for method in IDENTIFY_METHODS:
            button = QPushButton(texts[method][0])
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setMinimumHeight(110)
            button.setProperty("method", method)
            button.clicked.connect(lambda _=False, m=method: self.set_identify_method(m))
            group.addButton(button)
            row.addWidget(button)
        self.body_layout.insertLayout(0, row)
        self.body_layout.insertWidget(1, hint)
        self.card_box = card_hint([self.tr("Resident ID card"), self.tr("Hong Kong/Macau/Taiwan residence permit"),
                                   self.tr("Foreign permanent residence ID card")],
                                  self.tr("These documents are accepted:"))
        self.body_layout.insertWidget(2, self.card_box)
        # Coming back to a number typed earlier shows it again; otherwise the card is the default.
        self.set_identify_method("type" if any(i.value for i in self.inputs) else "card")

    def set_identify_method(self, method: str) -> None:
        if self.method_group is None:
            return
        for button in self.method_group.buttons():
            button.setChecked(button.property("method") == method)
        hint = self._method_texts()[method][1]
        self.method_hint.setText(hint)
        self.method_hint.setVisible(bool(hint))
        self.card_box.setVisible(method == "card")  # where the card goes, and which cards
        for field_input in self.inputs:
            field_input.setVisible(method == "type")
        self.next_button.setVisible(method == "type")
        self.identify_method = method
        self.identify_method_changed.emit(method)

    def _add_scan_hint(self) -> None:
        """The code held up to the scanner answers the step (kiosk.identify_devices)."""
        self.body_layout.addWidget(styled_label("scanHint", self.tr(
            "Hold the QR code flat in front of the scanner window, about 10 cm away, until the screen changes."),
            center=True, wrap=True))

    def _add_rating(self) -> None:
        row = QHBoxLayout()
        self.rating_group = group = QButtonGroup(self)
        texts = self._rating_texts()
        for value in RATING_VALUES:
            button = QPushButton(texts[value])
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setMinimumHeight(120)
            button.clicked.connect(lambda _=False, v=value: self._rate(v))
            group.addButton(button)
            row.addWidget(button)
        self.body_layout.addLayout(row)

    def _rate(self, value: str) -> None:
        self.rating = value
        self.next_button.setText(self.tr("Submit rating"))
        self._refresh()

    # --- state ---------------------------------------------------------------------------
    def _refresh(self) -> None:
        ready = all(i.complete() for i in self.inputs)
        self.next_button.setEnabled(ready)  # a rating is optional: without one the button reads "Skip"

    def set_busy(self, busy: bool) -> None:
        for b in (self.back_button, self.next_button):
            b.setEnabled(not busy)
        if self.step is not None and self.step.kind is StepKind.PRINT:
            # "Please take your document" only once it is out; while it prints, say so.
            self.title.setText(self.tr("Printing, please wait…") if busy else self.step.title.get(self.language))
        if busy:
            self.show_banner(self.tr("Working on it, please wait…"), "info")
        else:
            self.banner.hide()
            self._refresh()

    def set_countdown(self, text: str) -> None:
        if self.countdown is not None:
            self.countdown.setText(text)

    def show_error(self, text: str, retry: bool) -> None:
        """A failure with a way on: try again (e.g. a reprint once paper is loaded), or cancel."""
        self.show_banner(text, "bad")
        if retry:
            self.next_button.setText(self.tr("Try again"))
        self.next_button.setEnabled(retry or not (self.step and self.step.auto))

    def show_banner(self, text: str, level: str) -> None:
        self.banner.setText(text)
        set_style_property(self.banner, "level", level)
        self.banner.show()

    def _submit(self) -> None:
        values: dict[str, Any] = {i.spec.id: i.value for i in self.inputs}
        if self.step is not None and self.step.kind is StepKind.SCAN:
            values[SCANNED] = ""  # typed, not scanned: a code scanned before (and refused) is not meant
        if self.rating is not None:
            values["rating"] = self.rating
        self.submitted.emit(values)

    def clear(self) -> None:
        """Remove everything the last step showed (it may hold personal data)."""
        for label in self.body.findChildren(QLabel):
            label.clear()  # gone from the screen now, not only when Qt deletes the widget
        for entry in self.body.findChildren(QLineEdit):
            entry.blockSignals(True)
            entry.clear()
        QGuiApplication.inputMethod().reset()  # drops pinyin typed but not yet committed
        self.inputs = []
        self.rating = None
        for group in (self.rating_group, self.method_group):
            if group is not None:
                group.deleteLater()  # parented to this screen, not to the step's widgets: not deleted with them
        self.rating_group = None
        self.method_group = None
        self.qr_label = None
        self.countdown = None
        self.camera = None
        self.identify_method = ""
        self.next_button.setVisible(True)
        self.step = None
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            _delete_layout_item(item)
        self.banner.clear()
        self.banner.hide()


def _delete_layout_item(item: Any) -> None:
    widget = item.widget()
    if widget is not None:
        widget.hide()
        widget.deleteLater()
        return
    layout = item.layout()
    if layout is not None:
        while layout.count():
            _delete_layout_item(layout.takeAt(0))
        layout.deleteLater()
