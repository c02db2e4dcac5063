"""What a taxpayer is told on tapping a service that needs the bureau while the link is down.

The services that still work are named from the catalogue (those that do not need the bureau
and can start on this terminal), so a service that works offline, such as the certificate
check (税收证明真伪查验), is never left out of the list, nor one this terminal cannot start put in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from kiosk.catalogue import Catalogue
from kiosk.messages import Message

NEEDS_BUREAU = QT_TRANSLATE_NOOP(
    "Messages", "This service needs the tax bureau, which cannot be reached right now. Please try again later.")
WORKS_OFFLINE = QT_TRANSLATE_NOOP(
    "Messages", "These services work without the network: {services}.")


def offline_notice(catalogue: Catalogue, can_start: Callable[[str], bool], language: str) -> str:
    """The service needs the bureau, which is unreachable; then the services open without it."""
    names = [s.title.get(language) for s in catalogue.services if not s.needs_bureau and can_start(s.id)]
    text = Message(NEEDS_BUREAU).text()
    if names:
        separator = "、" if language.startswith("zh") else ", "
        text += "\n" + Message(WORKS_OFFLINE, {"services": separator.join(names)}).text()
    return text
