"""A card on the (simulated) reader or a tax-app code on the scanner answers the identify step; elsewhere ignored."""

from __future__ import annotations

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from drivers.idcard.sim import Fault
from kiosk.flow.model import ServiceFlow, Step, StepKind, identify_step
from kiosk.messages import Text

SEEN = Text("已识别", "Identified")


def _flow() -> ServiceFlow:
    shown = Step(StepKind.CONFIRM, SEEN, present=lambda c: [(Text("姓名", "Name"), c.get("name", ""))])
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


def _choose(kiosk, method: str) -> None:  # type: ignore[no-untyped-def]
    group = kiosk.window.step.method_group
    next(b for b in group.buttons() if b.property("method") == method).click()


def test_tax_app_code_on_the_scanner_identifies(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.scanner.simulator
    _open_identify(qtbot, kiosk)
    _choose(kiosk, "qr")
    number = CARDS[CardType.RESIDENT]["id_number"]
    sim.scan(f"etax-id:{number}")
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.title.text() == "已识别", timeout=5000)
    assert kiosk.engine.context["id_number"] == number and kiosk.engine.context["identified_by"] == "qr"


def test_a_code_that_is_not_an_identity_code_says_so(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.scanner.simulator
    _open_identify(qtbot, kiosk)
    _choose(kiosk, "qr")
    number = CARDS[CardType.RESIDENT]["id_number"]
    sim.scan("etax-id:" + number[:17] + ("0" if number[17] != "0" else "1"))  # wrong check digit
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.banner.isVisible(), timeout=5000)
    assert w.step.banner.text() == "该二维码不是税务APP身份码，请打开税务APP中的身份码。"
    assert kiosk.engine.index == 0


def test_a_code_scanned_on_the_card_method_is_ignored(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    sim = kiosk.scanner.simulator
    _open_identify(qtbot, kiosk)
    sim.scan("etax-id:" + CARDS[CardType.RESIDENT]["id_number"])
    qtbot.wait(600)
    assert kiosk.engine.index == 0 and "id_number" not in kiosk.engine.context


def test_tax_app_code_held_up_to_the_camera_identifies(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    import cv2
    import numpy as np
    import zxingcpp

    number = CARDS[CardType.RESIDENT]["id_number"]
    code = np.asarray(zxingcpp.create_barcode(f"etax-id:{number}", zxingcpp.BarcodeFormat.QRCode).to_image(scale=8))
    frame = np.full((720, 1280), 140, np.uint8)
    frame[200 : 200 + code.shape[0], 500 : 500 + code.shape[1]] = 255 - code  # a phone in dark mode
    kiosk.camera.simulator.present(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))
    _open_identify(qtbot, kiosk)
    qtbot.wait(300)
    assert kiosk.engine.index == 0 and not kiosk.camera.active  # no frames read while the card is the chosen way
    _choose(kiosk, "qr")
    w = kiosk.window
    qtbot.waitUntil(lambda: w.step.title.text() == "已识别", timeout=5000)
    assert kiosk.engine.context["id_number"] == number
    assert not kiosk.camera.active  # the next step wants no code: the camera rests


def test_tax_app_code_from_a_keyboard_wedge_scanner_identifies(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ready import installed

    from kiosk.config import parse_config
    from kiosk.startup import build
    from kiosk.wedge import type_like_a_scanner

    config = parse_config({
        "paths": {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")},
        "bureau": {"url": "http://127.0.0.1:9", "start_local": False, "timeout_s": 0.5},
        "display": {"fullscreen": False},
        "devices": {"scanner": {"driver": "keyboard_wedge"}},
    })
    installed(config)
    _, kiosk = build(config)
    qtbot.addWidget(kiosk.window)
    kiosk.show(fullscreen=False)
    try:
        assert kiosk.scanner is None  # no serial scanner: the wedge types instead
        _open_identify(qtbot, kiosk)
        _choose(kiosk, "qr")
        number = CARDS[CardType.RESIDENT]["id_number"]
        type_like_a_scanner(kiosk.window.step, f"etax-id:{number}")
        qtbot.waitUntil(lambda: kiosk.window.step.title.text() == "已识别", timeout=5000)
        assert kiosk.engine.context["id_number"] == number
    finally:
        kiosk.shutdown()
