"""A session never leaks into the next: after a timeout no widget, cache or queue view holds the last taxpayer.

The search is generic on purpose: every widget's texts, and every object reachable from the app
(session, flow engine, screens, device drivers and their buffers, supervisors, the outbox view),
for the ID number and name as text and as the bytes a card reader or printer would carry them in.
"""

from __future__ import annotations

import enum
import gc
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.flow.model import ServiceFlow, Step, StepKind, identify_step
from kiosk.logs import PII_REGISTRY
from kiosk.messages import Text

CARD = CARDS[CardType.HMT_PERMIT]
SEEN = Text("已识别", "Identified")
TEXT_GETTERS = ("text", "toolTip", "windowTitle", "placeholderText", "statusTip", "whatsThis", "accessibleName")


def widget_texts() -> list[tuple[str, str]]:
    found = []
    for widget in QApplication.allWidgets():
        for getter in TEXT_GETTERS:
            method = getattr(widget, getter, None)
            if callable(method):
                try:
                    value = method()
                except TypeError:
                    continue
                if isinstance(value, str) and value:
                    found.append((f"{type(widget).__name__}.{getter}", value))
    return found


def needles() -> dict[str, list[bytes | str]]:
    number, name = CARD["id_number"], CARD["name"]
    return {"id": [number, number.encode(), number.encode("utf-16-le")],
            "name": [name, name.encode(), name.encode("utf-16-le"), name.encode("gb18030")]}


def search_objects(root: Any, limit: int = 200_000) -> list[str]:
    """Paths from `root` to any string or bytes holding a needle (a bounded walk of the object graph)."""
    hits: list[str] = []
    seen: set[int] = set()
    todo: list[tuple[str, Any]] = [("kiosk", root), ("PII_REGISTRY", PII_REGISTRY)]
    wanted = needles()
    while todo and len(seen) < limit:
        path, obj = todo.pop()
        if id(obj) in seen or obj is None or isinstance(obj, int | float | bool | enum.Enum | type):
            continue
        seen.add(id(obj))
        if isinstance(obj, str | bytes | bytearray | memoryview):
            data = bytes(obj) if isinstance(obj, bytearray | memoryview) else obj
            for what, forms in wanted.items():
                if any(type(f) is type(data) and f in data for f in forms):  # type: ignore[operator]
                    hits.append(f"{path} ({what})")
            continue
        if callable(obj) and not hasattr(obj, "__dict__"):
            continue
        if isinstance(obj, dict):
            todo += [(f"{path}[{k!r}]", v) for k, v in obj.items()] + [(f"{path}.key", k) for k in obj]
        elif isinstance(obj, list | tuple | set | frozenset):
            todo += [(f"{path}[{i}]", v) for i, v in enumerate(obj)]
        else:
            if type(obj).__module__.startswith(("builtins", "threading", "logging", "sqlite3", "concurrent")):
                continue
            attrs = getattr(obj, "__dict__", None)
            if isinstance(attrs, dict):
                todo += [(f"{path}.{k}", v) for k, v in attrs.items()]
            for slot in getattr(type(obj), "__slots__", ()):
                if hasattr(obj, slot):
                    todo.append((f"{path}.{slot}", getattr(obj, slot)))
    return hits


def leaks(kiosk: Any) -> list[str]:
    number, name = CARD["id_number"], CARD["name"]
    shown = [f"{where}: {text!r}" for where, text in widget_texts() if number in text or name in text]
    queue = [r for r in kiosk.outbox.rows(limit=-1) if number in str(r) or name in str(r)]
    return shown + search_objects(kiosk) + [f"outbox view: {r['id']}" for r in queue]


def test_nothing_of_a_timed_out_session_is_left_anywhere(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    shown = Step(StepKind.CONFIRM, SEEN, present=lambda c: [(Text("姓名", "Name"), c.get("name", ""))])
    kiosk.flows["queue_ticket"] = ServiceFlow("queue_ticket", Text("测试", "Test"), (identify_step(), shown))
    w = kiosk.window
    kiosk.start_session()
    w.home.tiles["queue_ticket"].click()
    kiosk.id_reader.simulator.place(CardType.HMT_PERMIT)
    qtbot.waitUntil(lambda: w.step.title.text() == "已识别", timeout=8000)
    during = leaks(kiosk)
    assert any("QLabel.text" in hit for hit in during), during  # the search finds what is on screen…
    assert any("engine.context" in hit for hit in during), during  # …and what the app holds

    kiosk.id_reader.simulator.lift()
    kiosk.idle.set_intervals(idle_ms=200, tick_ms=50)
    kiosk.idle.arm()
    qtbot.waitUntil(lambda: not kiosk.session.active, timeout=8000)
    assert w.current_screen() is w.attract
    qtbot.wait(700)  # let the reader's supervisor see the card gone and any queued signal land
    gc.collect()
    assert leaks(kiosk) == []
    assert isinstance(w, QWidget)
