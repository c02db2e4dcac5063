"""Switching the UI language with Qt's translators (.ts sources, compiled .qm files).

UI strings are written in English in the code (`self.tr("...")`); the Chinese translation
lives in assets/translations/kiosk_zh_CN.ts and is compiled to .qm by pyside6-lrelease.
Installing a translator makes Qt send LanguageChange to every widget, which re-labels itself.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from taxcore.assets import asset

log = logging.getLogger(__name__)
LANGUAGES = ("zh_CN", "en")


class TranslationError(RuntimeError):
    """A translation file is missing or unreadable."""


class LanguageSwitcher:
    def __init__(self) -> None:
        self._translators: dict[str, QTranslator] = {}
        self._current: QTranslator | None = None
        for lang in LANGUAGES:
            if lang == "en":
                continue  # the source language needs no translator
            path = asset("translations", f"kiosk_{lang}.qm")
            translator = QTranslator()
            if not translator.load(str(path)):
                raise TranslationError(f"cannot load translation {path}")
            self._translators[lang] = translator

    def translate(self, language: str, context: str, text: str) -> str:
        """`text` in `language` whichever language is installed (for screens that show both at once)."""
        translator = self._translators.get(language)
        return (translator.translate(context, text) if translator is not None else "") or text

    def remove(self) -> None:
        """Take this switcher's translator out of the application (on shutdown)."""
        if self._current is not None:
            QCoreApplication.removeTranslator(self._current)
            self._current = None

    def apply(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        app = QCoreApplication.instance()
        if app is None:
            return
        self.remove()
        translator = self._translators.get(language)
        if translator is not None:
            QCoreApplication.installTranslator(translator)
            self._current = translator
        log.info("language set", extra={"language": language})
