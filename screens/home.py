"""The home screen: large service tiles built from the catalogue, language and elder toggles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, SignalInstance
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.catalogue import Catalogue, ServiceEntry
from screens.comfort_panel import ComfortPanel
from screens.style import padded_column, set_style_property, styled_label
from screens.tile import Tile

COLUMNS = 6


class HomeScreen(QWidget):
    service_chosen = Signal(str)
    language_toggled = Signal()
    elder_toggled = Signal()
    end_requested = Signal()

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.language = "zh_CN"
        self.link_up = True
        self.tiles: dict[str, Tile] = {}
        self._group_labels: dict[str, QLabel] = {}

        outer = padded_column(self, (40, 24), 16)
        bar = QHBoxLayout()
        self.title = styled_label("title")
        bar.addWidget(self.title, 1)
        self.language_button = self._toolbar_button(self.language_toggled)
        self.elder_button = self._toolbar_button(self.elder_toggled)
        self.elder_button.setCheckable(True)
        self.end_button = self._toolbar_button(self.end_requested)
        for b in (self.language_button, self.elder_button, self.end_button):
            bar.addWidget(b)
        outer.addLayout(bar)
        self.comfort = ComfortPanel(week=False)
        outer.addWidget(self.comfort)

        grid = QGridLayout()
        grid.setSpacing(18)
        row = 0
        for group in catalogue.groups:
            label = styled_label("group")
            self._group_labels[group.id] = label
            grid.addWidget(label, row, 0, 1, COLUMNS)
            row += 1
            for i, service in enumerate(catalogue.in_group(group.id)):
                tile = Tile()
                tile.clicked.connect(lambda _=False, sid=service.id: self.service_chosen.emit(sid))
                self.tiles[service.id] = tile
                grid.addWidget(tile, row + i // COLUMNS, i % COLUMNS)
            row += (len(catalogue.in_group(group.id)) + COLUMNS - 1) // COLUMNS
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        outer.addLayout(grid, 1)
        self.retranslate()

    def _toolbar_button(self, signal: SignalInstance) -> QPushButton:
        button = QPushButton()
        button.setObjectName("toolbar")
        button.clicked.connect(signal.emit)
        return button

    def set_language(self, language: str) -> None:
        self.language = language
        self.comfort.set_language(language)
        self.retranslate()

    def set_elder_mode(self, on: bool) -> None:
        self.elder_button.setChecked(on)

    def set_link_up(self, up: bool) -> None:
        self.link_up = up
        self.retranslate()

    def tile_text(self, service: ServiceEntry) -> str:
        text = service.title.get(self.language)
        if service.needs_bureau and not self.link_up:
            text += "\n" + self.tr("(needs the network)")
        return text

    def retranslate(self) -> None:
        self.title.setText(self.tr("Please choose a service"))
        # The toggle names the language it switches to, in that language.
        self.language_button.setText("English" if self.language.startswith("zh") else "中文")
        self.elder_button.setText(self.tr("Elder mode"))
        self.end_button.setText(self.tr("End"))
        for group in self.catalogue.groups:
            self._group_labels[group.id].setText(group.title.get(self.language))
        for service in self.catalogue.services:
            tile = self.tiles[service.id]
            tile.setText(self.tile_text(service))
            offline = service.needs_bureau and not self.link_up
            set_style_property(tile, "offline", offline)
            set_style_property(tile.label, "offline", offline)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


