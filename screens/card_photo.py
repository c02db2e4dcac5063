"""The ID card's photo beside the card's data, or a clear "photo unavailable" in its place.

The photo is vendor-encrypted WLT; only a configured vendor library turns it into an image
(`SamReader.photo`). Without one, or when it fails, the frame keeps its size and says so, so the
technician and the taxpayer see at once that it is the photo that is missing and nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

SCALE = 2  # 102×126 is small on a hall screen


class CardPhoto(QLabel):
    def __init__(self, photo_size: tuple[int, int], parent: QWidget | None = None) -> None:
        """`photo_size`: the card photo's pixels (drivers.idcard.photo's WIDTH, HEIGHT), shown at SCALE."""
        super().__init__(parent)
        self.setObjectName("card_photo")
        self.setFixedSize(photo_size[0] * SCALE, photo_size[1] * SCALE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("QLabel#card_photo { border: 2px solid #8a94a6; background: #eef1f5; color: #333; }")
        self.available = False
        self.set_photo(None)

    def set_photo(self, bmp: bytes | None) -> None:
        """The decoded BMP, or None: "photo unavailable"."""
        image = QImage.fromData(bmp) if bmp else QImage()
        self.available = not image.isNull()
        if self.available:
            self.setPixmap(QPixmap.fromImage(image).scaled(
                self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.clear()
            self.setText(self.tr("Photo unavailable"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and self.text():
            self.setText(self.tr("Photo unavailable"))
        super().changeEvent(event)

    def wipe(self) -> None:
        """Session end: nothing of the face stays on screen."""
        self.clear()
        self.available = False
