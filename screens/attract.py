"""The attract screen: what a passer-by sees while the terminal waits."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

WEEKDAYS_ZH = "一二三四五六日"


class AttractScreen(QWidget):
    """Clock, hall, terminal id, rotating notices and a bilingual "touch to start"."""

    touched = Signal()

    def __init__(self, hall: str, terminal_id: str, notices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notices = notices or [""]
        self._notice_index = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 60, 60, 40)
        self.hall = self._label(hall, "hall")
        self.clock = self._label("", "clock")
        self.date = self._label("", "date")
        self.notice = self._label(self._notices[0], "notice")
        self.notice.setWordWrap(True)
        # Always both languages: nobody has chosen one yet.
        self.touch = self._label("请轻触屏幕开始办理\nTouch the screen to start", "touch")
        self.terminal = self._label(f"终端编号 Terminal {terminal_id}", "terminal")
        layout.addWidget(self.hall)
        layout.addStretch(1)
        layout.addWidget(self.clock)
        layout.addWidget(self.date)
        layout.addStretch(1)
        layout.addWidget(self.touch)
        layout.addStretch(1)
        layout.addWidget(self.notice)
        layout.addWidget(self.terminal)
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self.refresh_clock)
        self._clock_timer.start(1000)
        self._notice_timer = QTimer(self)
        self._notice_timer.timeout.connect(self.next_notice)
        self._notice_timer.start(8000)
        self.refresh_clock()

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def refresh_clock(self) -> None:
        now = QDateTime.currentDateTime()
        self.clock.setText(now.toString("HH:mm"))
        day = now.date()
        self.date.setText(
            f"{day.year()}年{day.month()}月{day.day()}日 星期{WEEKDAYS_ZH[day.dayOfWeek() - 1]}"
            f" · {now.toString('dddd, d MMMM yyyy')}"
        )

    def next_notice(self) -> None:
        self._notice_index = (self._notice_index + 1) % len(self._notices)
        self.notice.setText(self._notices[self._notice_index])

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.touched.emit()
        event.accept()
