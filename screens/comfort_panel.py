"""The hall's comfort index as a visitor reads it: now, the hours, and a week of half-days.

On the attract screen nobody has chosen a language, so it shows both; on the home screen it is
one line in the visitor's language. Hidden while the index is unavailable (no link, no answer).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.flow.model import Text
from kiosk.services.comfort import HALVES, LEVELS, Outlook
from screens.style import set_style_property, styled_label


def _both(text: Text) -> str:
    return f"{text.zh} · {text.en}"


class ComfortPanel(QWidget):
    """`week=True`: the attract screen's panel with the week grid, in both languages."""

    def __init__(self, week: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comfort")
        self._week = week
        self._outlook: Outlook | None = None
        self._language = "zh_CN"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.now = styled_label("comfortNow", center=week, wrap=True)
        self.hours = styled_label("comfortHours", center=week, wrap=True)
        self.quiet = styled_label("comfortQuiet", center=week, wrap=True)
        for label in (self.now, self.quiet, self.hours):
            layout.addWidget(label)
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        if week:
            layout.addLayout(self.grid)
        self.cells: list[QLabel] = []
        self.setVisible(False)

    def set_language(self, language: str) -> None:
        self._language = language
        self._draw()

    def show_outlook(self, outlook: Outlook | None) -> None:
        self._outlook = outlook
        self._draw()

    def _text(self, text: Text) -> str:
        return _both(text) if self._week else text.get(self._language)

    def _draw(self) -> None:
        seen = self._outlook
        self.setVisible(seen is not None)
        if seen is None:
            return
        self.now.setText(self._text(seen.now))
        set_style_property(self.now, "level", seen.level_now or ("closed" if not seen.open_now else ""))
        self.hours.setText(self._text(seen.hours))
        self.quiet.setText(self._text(seen.quiet) if seen.quiet else "")
        self.quiet.setVisible(seen.quiet is not None)
        if self._week:
            self._draw_week(seen)

    def _draw_week(self, seen: Outlook) -> None:
        for old in self.cells:
            self.grid.removeWidget(old)
            old.deleteLater()
        self.cells = []

        def cell(text: str, row: int, column: int, level: str = "") -> None:
            label = styled_label("comfortCell", text, center=True)
            set_style_property(label, "level", level)
            self.grid.addWidget(label, row, column)
            self.cells.append(label)

        for row, half in enumerate(("am", "pm"), start=1):
            cell(_both(HALVES[half]).replace(" · ", "\n"), row, 0)
        for column, day in enumerate(seen.week, start=1):
            cell(f"{day.label.zh}\n{day.label.en}", 0, column)
            for row, level in enumerate((day.am, day.pm), start=1):
                cell(f"{LEVELS[level].zh}\n{LEVELS[level].en}" if level else "—", row, column, level or "")
