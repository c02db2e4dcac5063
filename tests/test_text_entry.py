"""A "text" field typed on Qt Virtual Keyboard by tapping its keys: English, pinyin, never covered.

The keyboard is the real one (QtQuick.VirtualKeyboard in a QQuickWidget docked under the step),
so taps are mouse clicks at the centre of its Key items, found in its QML tree by their text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from ready import wait_tappable

from kiosk.flow.model import FormField, ServiceFlow, Step, StepKind, Text
from kiosk.messages import Message

SCREEN = (1920, 1080)
MM_15 = 61  # px at 1920x1080 on a 21.5" screen: the least a finger can hit
RECORDED: list[dict[str, Any]] = []


def _plate_problem(value: str) -> Message | None:
    """Any validator: this one refuses what starts with X, with a message the catalogue translates."""
    return None if value[:1] != "X" else Message("The system took too long to answer. Please try again.")


def _flow() -> ServiceFlow:
    fields = tuple(
        FormField(fid, label, "text", max_length=n)
        for fid, label, n in (
            ("buyer_name", Text("购买方名称", "Buyer name"), 10),
            ("address", Text("地址", "Address"), 40),
            ("plate", Text("车牌号码", "Plate"), 8),
        )
    )
    return ServiceFlow(
        id="text_test",
        title=Text("开票测试", "Invoice test"),
        steps=(
            Step(StepKind.FORM, Text("购买方信息", "Buyer"), fields=fields),
            Step(StepKind.CONFIRM, Text("请确认", "Please confirm"), action="record",
                 present=lambda c: [(Text("购买方", "Buyer"), c["buyer_name"])]),
        ),
    )


@pytest.fixture
def text_step(qtbot, kiosk):  # type: ignore[no-untyped-def]
    RECORDED.clear()
    kiosk.flows = {"queue_ticket": _flow()}
    kiosk.engine._actions = {"record": lambda c: RECORDED.append(dict(c)) or "ok"}
    kiosk.window.resize(*SCREEN)
    kiosk.start_session()
    kiosk.window.home.tiles["queue_ticket"].click()
    step = kiosk.window.step
    qtbot.waitUntil(lambda: step.keyboard.isVisible() and step.keyboard.height() > 300, timeout=10000)
    qtbot.waitUntil(lambda: bool(_keys(step.keyboard, "q")), timeout=10000)
    return kiosk, step


def _items(item: QQuickItem) -> Iterator[QQuickItem]:
    for child in item.childItems():
        yield child
        yield from _items(child)


def _keys(dock, text: str = "", kind: str = "Key_") -> list[QQuickItem]:  # type: ignore[no-untyped-def]
    return [
        it for it in _items(dock.rootObject())
        if it.isVisible() and it.width() > 0 and it.metaObject().className().startswith(kind)
        and (not text or str(it.property("text")) == text)
    ]


def _tap_item(qtbot, dock, item: QQuickItem) -> None:  # type: ignore[no-untyped-def]
    wait_tappable()  # once the step has settled (kiosk/input_guard.py)
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(dock, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    qtbot.wait(20)


def _type(qtbot, dock, letters: str) -> None:  # type: ignore[no-untyped-def]
    for letter in letters:
        if letter == " ":
            _tap_item(qtbot, dock, _keys(dock, kind="SpaceKey")[0])
            continue
        keys = _keys(dock, letter.lower())
        assert keys, f"no key {letter!r} on the keyboard"
        _tap_item(qtbot, dock, keys[0])


def _candidate(dock, text: str) -> QQuickItem | None:  # type: ignore[no-untyped-def]
    """A word in the candidate bar: its delegate, the item to tap."""
    for it in _items(dock.rootObject()):
        if it.isVisible() and it.metaObject().className().startswith("QQuickText") and it.property("text") == text:
            parent = it.parentItem()
            return parent if parent is not None else it
    return None


LANGUAGE_NAMES = {"zh_CN": "简体中文", "en_US": "American English"}


def _switch_language(qtbot, dock, locale: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the globe key, then the language in the list it opens."""
    if _im_locale() == locale:
        return
    _tap_item(qtbot, dock, _keys(dock, kind="ChangeLanguageKey")[0])
    qtbot.waitUntil(lambda: _candidate(dock, LANGUAGE_NAMES[locale]) is not None, timeout=3000)
    _tap_item(qtbot, dock, _candidate(dock, LANGUAGE_NAMES[locale]))
    qtbot.waitUntil(lambda: _im_locale() == locale, timeout=3000)


def _im_locale() -> str:
    return QGuiApplication.inputMethod().locale().name()


def _global_rect(widget) -> QRect:  # type: ignore[no-untyped-def]
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("KIOSK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / name))


def test_an_english_buyer_name_typed_on_the_keys_reaches_the_flow(qtbot, text_step) -> None:  # type: ignore[no-untyped-def]
    kiosk, step = text_step
    dock = step.keyboard
    name = step.inputs[0]
    assert name.entry.hasFocus()  # the first empty field takes the cursor, the keyboard is open
    _switch_language(qtbot, dock, "en_US")
    _type(qtbot, dock, "li lei")
    assert name.entry.text() == "li lei" and name.value == "li lei"
    assert name.entry.hasFocus()  # tapping keys never took the focus off the field
    _shot(kiosk.window, "text-step-en.png")
    # The other two fields: the address (focus moved by a tap on the field), then the plate.
    for field_input, letters in ((step.inputs[1], "main st"), (step.inputs[2], "ab")):
        wait_tappable()
        QTest.mouseClick(field_input.entry, Qt.MouseButton.LeftButton)
        assert field_input.entry.hasFocus()
        _type(qtbot, dock, letters)
    assert step.next_button.isEnabled()
    step.next_button.click()
    assert step.title.text() == "请确认"
    assert not dock.isVisible()  # no text field, no keyboard
    step.next_button.click()
    qtbot.waitUntil(lambda: bool(RECORDED), timeout=3000)
    assert RECORDED[0]["buyer_name"] == "li lei"
    assert RECORDED[0]["address"] == "main st" and RECORDED[0]["plate"] == "ab"


def test_zhang_san_typed_in_pinyin_through_a_candidate(qtbot, text_step) -> None:  # type: ignore[no-untyped-def]
    kiosk, step = text_step
    dock = step.keyboard
    _switch_language(qtbot, dock, "zh_CN")  # the screen is in Chinese: pinyin comes first anyway
    _type(qtbot, dock, "zhangsan")
    assert step.inputs[0].value == ""  # pinyin stays in composition until a word is chosen
    qtbot.waitUntil(lambda: _candidate(dock, "张三") is not None, timeout=3000)
    candidate = _candidate(dock, "张三")
    assert candidate is not None
    _shot(kiosk.window, "text-step-zh-pinyin.png")
    assert candidate.height() >= MM_15  # the candidate bar is a finger's height too
    _tap_item(qtbot, dock, candidate)
    assert step.inputs[0].entry.text() == "张三" and step.inputs[0].value == "张三"
    _shot(kiosk.window, "text-step-zh.png")


def test_the_keys_are_large_enough_for_a_finger(text_step) -> None:  # type: ignore[no-untyped-def]
    _, step = text_step
    letters = _keys(step.keyboard)
    assert len(letters) >= 26
    assert min(k.width() for k in letters) >= MM_15 and min(k.height() for k in letters) >= MM_15


def test_the_field_being_typed_into_is_never_under_the_keyboard(qtbot, text_step) -> None:  # type: ignore[no-untyped-def]
    _, step = text_step
    dock = step.keyboard
    keyboard = _global_rect(dock)
    assert keyboard.bottom() >= step.mapToGlobal(step.rect().bottomLeft()).y() - 1  # docked at the bottom
    assert keyboard.width() == step.width()
    _switch_language(qtbot, dock, "en_US")
    for field_input in step.inputs:  # three fields do not fit above a 600 px keyboard: they scroll
        field_input.entry.setFocus()
        qtbot.wait(50)
        entry = _global_rect(field_input.entry)
        assert not entry.intersects(keyboard), (field_input.spec.id, entry, keyboard)
        viewport = _global_rect(step.body_scroll.viewport())
        assert viewport.contains(entry), (field_input.spec.id, entry, viewport)  # and not scrolled away
        _type(qtbot, dock, "a")
        assert field_input.value.endswith("a")


def test_too_long_or_emptied_values_say_why_and_stop_next(qtbot, text_step) -> None:  # type: ignore[no-untyped-def]
    _, step = text_step
    dock = step.keyboard
    name = step.inputs[0]
    _switch_language(qtbot, dock, "en_US")
    _type(qtbot, dock, "abcdefghijk")  # 11 letters, the field takes 10
    assert name.error.text() == "最多 10 个字" and not step.next_button.isEnabled()
    for _ in range(11):
        _tap_item(qtbot, dock, _keys(dock, kind="BackspaceKey")[0])
    assert name.entry.text() == "" and name.error.text() == "请填写此项"
    assert not step.next_button.isEnabled()


def test_a_validator_message_shows_under_the_field(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    flow = ServiceFlow(id="v", title=Text("测试", "Test"), steps=(
        Step(StepKind.FORM, Text("车牌", "Plate"),
             fields=(FormField("plate", Text("车牌号码", "Plate"), "text", max_length=8, validate=_plate_problem),)),
    ))
    kiosk.flows = {"queue_ticket": flow}
    kiosk.window.resize(*SCREEN)
    kiosk.start_session()
    kiosk.window.home.tiles["queue_ticket"].click()
    step = kiosk.window.step
    QTest.keyClicks(step.inputs[0].entry, "X1")  # a hardware keyboard (a technician's) types too
    assert step.inputs[0].error.text() == "系统响应超时，请重试。" and not step.next_button.isEnabled()


def test_ending_the_session_wipes_typed_text(qtbot, text_step) -> None:  # type: ignore[no-untyped-def]
    kiosk, step = text_step
    entry = step.inputs[0].entry
    _type(qtbot, step.keyboard, "wang")
    step.cancel_button.click()
    qtbot.waitUntil(lambda: kiosk.window.current_screen() is not step, timeout=3000)
    assert entry.text() == "" or not entry.isVisible()
    assert all(not e.text() for e in step.body.findChildren(type(entry)))


@pytest.mark.parametrize(("language", "words"),
                         [("zh_CN", "屏幕键盘无法使用"), ("en", "on-screen keyboard is not working")])
def test_a_keyboard_that_does_not_load_is_said_and_the_taxpayer_can_leave(  # type: ignore[no-untyped-def]
        qtbot, kiosk, monkeypatch, tmp_path, caplog, language: str, words: str) -> None:
    import screens.flow.text_entry

    monkeypatch.setattr(screens.flow.text_entry, "qml_path", lambda: tmp_path / "missing" / "keyboard.qml")
    kiosk.flows = {"queue_ticket": _flow()}
    kiosk.engine._actions = {"record": lambda c: "ok"}
    kiosk.window.resize(*SCREEN)
    kiosk.start_session()
    kiosk.session.set_language(language)
    kiosk.window.home.tiles["queue_ticket"].click()
    step = kiosk.window.step
    assert kiosk.window.current_screen() is step
    assert step.banner.isVisible() and words in step.banner.text()
    assert step.banner.property("level") == "bad"
    assert not step.keyboard.isVisible()  # no empty box where the keys should be
    assert not step.next_button.isEnabled()
    assert step.back_button.isVisible() and step.back_button.isEnabled()
    assert step.cancel_button.isVisible() and step.cancel_button.isEnabled()
    assert any(r.getMessage() == "virtual keyboard unavailable" and r.levelname == "ERROR" for r in caplog.records)
    _shot(kiosk.window, f"text-step-no-keyboard-{language}.png")
    step.cancel_button.click()
    assert kiosk.window.current_screen() is kiosk.window.home and not kiosk.engine.running
