"""Small helpers shared by the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def set_style_property(widget: QWidget, name: str, value: Any) -> None:
    """Set a property the stylesheet selects on, and re-apply the style only if it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def styled_label(name: str, text: str = "", center: bool = False, wrap: bool = False) -> QLabel:
    """A label the stylesheet finds by object name: the one way screens make their labels."""
    label = QLabel(text)
    label.setObjectName(name)
    if center:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(wrap)
    return label


def padded_column(parent: QWidget, margins: tuple[int, int], spacing: int) -> QVBoxLayout:
    """The vertical layout of a screen or dialog, with horizontal/vertical margins."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(margins[0], margins[1], margins[0], margins[1])
    layout.setSpacing(spacing)
    return layout
