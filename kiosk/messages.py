"""Text shown to people: translatable messages written in code, and bilingual content.

UI text written in code goes through Qt's translators (`tr()` in widgets, `Message` elsewhere);
content that arrives as data (service names, field labels, guides) carries both languages
itself as `Text`, because it is updated by the bureau, not by a release.

Messages written in code (errors, validation) are translated when shown.

They are created where the problem is found, often in a worker thread, but translated on the
GUI thread in the language of the moment. Mark each source text with
`QT_TRANSLATE_NOOP("Messages", "...")` so `scripts/update-translations` collects it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

CONTEXT = "Messages"


@dataclass(frozen=True)
class Message:
    source: Any  # QT_TRANSLATE_NOOP(...) result: the English source text
    args: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", str(self.source))

    def text(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.source).format(**self.args)


@dataclass(frozen=True)
class Text:
    """Content in both languages."""

    zh: str
    en: str

    def get(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en
