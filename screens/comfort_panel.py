"""The hall's comfort index as a visitor reads it: now, the hours, and a week of half-days.

On the attract screen nobody has chosen a language, so it shows both; on the home screen it is
one line in the visitor's language. Hidden while the index is unavailable (no link, no answer).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.flow.model import Text
from kiosk.services.comfort import DAYS_SHOWN, HALVES, LEVELS, Outlook
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
        # rows: the day, 上午, 下午; columns: the half-day's name, then one per day shown
        self.cells = [[styled_label("comfortCell", center=True) for _ in range(DAYS_SHOWN + 1)] for _ in range(3)]
        if week:
            layout.addLayout(self.grid)
            for r, row in enumerate(self.cells):
                for c, cell in enumerate(row):
                    self.grid.addWidget(cell, r, c)
            self.cells[0][0].setVisible(False)
            for r, half in ((1, "am"), (2, "pm")):
                self.cells[r][0].setText(f"{HALVES[half].zh}\n{HALVES[half].en}")
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
        """A grid of dashes says nothing: without any level (no past tickets) there is no grid."""
        known = any(d.am or d.pm for d in seen.week)
        for row in self.cells[1:]:
            row[0].setVisible(known)
        for c in range(1, DAYS_SHOWN + 1):
            day = seen.week[c - 1] if c <= len(seen.week) and known else None
            for r, cell in enumerate(column[c] for column in self.cells):
                cell.setVisible(day is not None)
                if day is None:
                    continue
                level = None if r == 0 else day.am if r == 1 else day.pm
                cell.setText(f"{day.label.zh}\n{day.label.en}" if r == 0 else
                             f"{LEVELS[level].zh}\n{LEVELS[level].en}" if level else "—")
                set_style_property(cell, "level", level or "")
