"""The Qt bridge delivers driver events on the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from drivers.idcard.reader import SamReader
from drivers.idcard.record import CardType
from drivers.idcard.sim import Fault, SimulatedReader
from drivers.supervisor import supervise_id_reader
from kiosk.device_bridge import DeviceBridge


def test_card_and_status_arrive_on_the_gui_thread(qtbot: QtBot, sam_sim: SimulatedReader) -> None:
    bridge = DeviceBridge()
    reader = SamReader("id_reader", str(sam_sim.link), command_timeout_s=0.2, read_timeout_s=0.5)
    bridge.attach_status(reader.status)
    gui = QThread.currentThread()
    seen: list[tuple[str, Any, bool]] = []
    bridge.card_read.connect(lambda record: seen.append(("card", record, QThread.currentThread() is gui)))
    bridge.card_failed.connect(lambda code, msg: seen.append(("failed", (code, msg), QThread.currentThread() is gui)))
    bridge.status_changed.connect(
        lambda device, changed: seen.append(("status", (device, changed), QThread.currentThread() is gui))
    )
    supervisor = supervise_id_reader(reader, bridge.on_card_result)
    supervisor.start()
    try:
        sam_sim.place(CardType.RESIDENT)
        qtbot.waitUntil(lambda: any(kind == "card" for kind, _, _ in seen), timeout=3000)
        sam_sim.lift()
        sam_sim.inject(Fault.READ_FAIL)
        qtbot.wait(400)
        sam_sim.place(CardType.RESIDENT)
        qtbot.waitUntil(lambda: any(kind == "failed" for kind, _, _ in seen), timeout=3000)
    finally:
        supervisor.stop()
    assert all(on_gui for _, _, on_gui in seen)
    card = next(value for kind, value, _ in seen if kind == "card")
    assert card.card_type is CardType.RESIDENT
    first_status = next(value for kind, value, _ in seen if kind == "status")
    assert first_status[0] == "id_reader" and first_status[1]["state"] == "online"
    failure = next(value for kind, value, _ in seen if kind == "failed")
    assert failure == ("user_error", "unreadable")


def test_names_on_a_read_card_are_masked_in_later_logs(qtbot: QtBot) -> None:
    """The driver knows nothing of the kiosk's log masking; the bridge tells it the names."""
    from drivers.base import Completion, CompletionCode
    from drivers.idcard.record import parse_base_message
    from drivers.idcard.samples import base_message
    from kiosk.logs import PII_REGISTRY
    from taxcore.sample_people import FOREIGN_2017

    record = parse_base_message(base_message(CardType.FOREIGN_PR_2017))
    bridge = DeviceBridge()
    try:
        with qtbot.waitSignal(bridge.card_read):
            bridge.on_card_result(Completion(CompletionCode.SUCCESS, record))
        masked = PII_REGISTRY.mask(f"printing for {FOREIGN_2017['name']} / {FOREIGN_2017['english_name']}")
        assert FOREIGN_2017["name"] not in masked and FOREIGN_2017["english_name"] not in masked
    finally:
        PII_REGISTRY.forget_all()


def test_a_scan_from_the_driver_thread_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    import threading

    from drivers.base import Completion, CompletionCode

    bridge = DeviceBridge()
    gui = QThread.currentThread()
    seen: list[tuple[str, bool]] = []
    bridge.code_scanned.connect(lambda payload: seen.append((payload, QThread.currentThread() is gui)))
    worker = threading.Thread(target=lambda: [
        bridge.on_scan_result(Completion(CompletionCode.SUCCESS, None)),  # nothing scanned: no signal
        bridge.on_scan_result(Completion(CompletionCode.DEVICE_NOT_READY, None, "unplugged")),
        bridge.on_scan_result(Completion(CompletionCode.SUCCESS, "INV-0001")),
    ])
    worker.start()
    worker.join(2)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    qtbot.wait(50)
    assert seen == [("INV-0001", True)]


def test_after_stop_late_driver_results_emit_nothing(qtbot: QtBot) -> None:
    """At shutdown a driver thread may still be finishing a command: its result must not reach a
    bridge (and screens) being torn down."""
    from drivers.base import Completion, CompletionCode, StatusCache

    bridge = DeviceBridge()
    cache = StatusCache("scanner", ("link",))
    bridge.attach_status(cache)
    seen: list[object] = []
    bridge.code_scanned.connect(seen.append)
    bridge.status_changed.connect(lambda *args: seen.append(args))
    bridge.stop()
    bridge.on_scan_result(Completion(CompletionCode.SUCCESS, "INV-0002"))
    cache.update(link="ok")
    qtbot.wait(50)
    assert seen == []
