"""The attract screen: what a passer-by sees while the terminal waits."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from screens.comfort_panel import ComfortPanel
from screens.style import padded_column, styled_label

WEEKDAYS_ZH = "一二三四五六日"
# Always both languages: nobody has chosen one yet.
TOUCH_TO_START = "请轻触屏幕开始办理\nTouch the screen to start"
PREPARING = "正在准备，请稍候…\nGetting ready, one moment…"


class AttractScreen(QWidget):
    """Clock, hall, terminal id, rotating notices and a bilingual "touch to start"."""

    touched = Signal()

    def __init__(self, hall: str, terminal_id: str, notices: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notices = notices or [""]
        self.out_of_service = False
        self._notice_index = 0
        layout = padded_column(self, (60, 50), 0)
        self.hall = styled_label("hall", hall, center=True)
        self.clock = styled_label("clock", "", center=True)
        self.date = styled_label("date", "", center=True)
        self.notice = styled_label("notice", self._notices[0], center=True, wrap=True)
        self.touch = styled_label("touch", TOUCH_TO_START, center=True)
        self.terminal = styled_label("terminal", f"终端编号 Terminal {terminal_id}", center=True)
        layout.addWidget(self.hall)
        layout.addStretch(1)
        layout.addWidget(self.clock)
        layout.addWidget(self.date)
        layout.addStretch(1)
        layout.addWidget(self.touch)
        layout.addStretch(1)
        self.comfort = ComfortPanel(week=True)
        layout.addWidget(self.comfort)
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

    def refresh_clock(self) -> None:
        now = QDateTime.currentDateTime()
        self.clock.setText(now.toString("HH:mm"))
        day = now.date()
        self.date.setText(
            f"{day.year()}年{day.month()}月{day.day()}日 星期{WEEKDAYS_ZH[day.dayOfWeek() - 1]}"
            f" · {now.toString('dddd, d MMMM yyyy')}"
        )

    def set_notices(self, notices: list[str]) -> None:
        """The rotating notices (the bureau's first, then the terminal's own); unchanged ones keep their place."""
        if notices == self._notices:
            return
        self._notices = notices or [""]
        self._notice_index = 0
        self.notice.setText(self._notices[0])

    def next_notice(self) -> None:
        self._notice_index = (self._notice_index + 1) % len(self._notices)
        self.notice.setText(self._notices[self._notice_index])

    def set_out_of_service(self, lines: list[str], technician: str) -> None:
        """Instead of "touch to start": why nobody can be served here, and for the technician what to do."""
        self.out_of_service = True
        self.touch.setObjectName("out_of_service")
        self.touch.setText("\n".join(lines))
        self.touch.setWordWrap(True)
        self.notice.setText(technician)
        self._notice_timer.stop()
        self.touch.style().unpolish(self.touch)  # styled again under its new object name
        self.touch.style().polish(self.touch)

    def set_preparing(self, preparing: bool) -> None:
        """A touch came before the kiosk was ready: say it was felt, and that the session follows."""
        if not self.out_of_service:
            self.touch.setText(PREPARING if preparing else TOUCH_TO_START)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.out_of_service:
            self.touched.emit()
        event.accept()
