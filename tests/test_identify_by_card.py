"""A card on the (simulated) reader answers the identify step; elsewhere it is ignored."""

from __future__ import annotations

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from drivers.idcard.sim import Fault
from kiosk.flow.model import ServiceFlow, Step, StepKind, identify_step
from kiosk.messages import Text

SEEN = Text("已识别", "Identified")


def _flow() -> ServiceFlow:
    shown = Step(StepKind.CONFIRM, SEEN, present=lambda c: [(Text("姓名", "Name"), c["name"])])
    return ServiceFlow("queue_ticket", Text("测试", "Test"), (identify_step(), shown))


def _open_identify(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk.flows["queue_ticket"] = _flow()  # a service that works offline
    kiosk.start_session()
    kiosk.window.home.tiles["queue_ticket"].click()
    assert kiosk.window.step.identify_method == "card"


def test_card_on_the_reader_identifies(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.id_reader.simulator
    _open_identify(qtbot, kiosk)
    sim.place(CardType.RESIDENT)
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.title.text() == "已识别", timeout=5000)
    expected = CARDS[CardType.RESIDENT]
    assert kiosk.engine.context["id_number"] == expected["id_number"]
    assert kiosk.engine.context["identified_by"] == "card"
    assert expected["name"].strip() in [label.text().strip() for label in w.step.body.findChildren(type(w.step.title))]


def test_card_placed_on_the_home_screen_is_ignored(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.id_reader.simulator
    kiosk.start_session()
    sim.place(CardType.RESIDENT)
    qtbot.waitUntil(lambda: kiosk.id_reader.status.snapshot().fields.get("card") == "present", timeout=5000)
    qtbot.wait(400)
    assert kiosk.engine.step is None and kiosk.window.current_screen() is kiosk.window.home


def test_unreadable_card_asks_to_place_it_again(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.id_reader.simulator
    _open_identify(qtbot, kiosk)
    sim.inject(Fault.READ_FAIL)
    sim.place(CardType.HMT_PERMIT)
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.banner.isVisible(), timeout=5000)
    assert w.step.banner.text() == "未能读取您的证件，请取下后重新平放在读卡区。"
    sim.lift()
    qtbot.wait(700)
    sim.place(CardType.HMT_PERMIT)
    qtbot.waitUntil(lambda: w.step.title.text() == "已识别", timeout=5000)
    assert kiosk.engine.context["card_type"] == CardType.HMT_PERMIT.value
