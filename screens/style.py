"""Small helpers shared by the screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value: Any) -> None:
    """Set a property the stylesheet selects on, and re-apply the style only if it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
