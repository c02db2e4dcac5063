"""The display demo's control strip wired to the simulators' own control calls: a card placed on the
simulated reader is read through its serial protocol, a code goes through the simulated scanner's
line (or the camera), a face is a picture held up to the simulated camera. So what a visitor sees
after a tap is the kiosk's real flow, not a shortcut around it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from screens.demo_panel import DemoPanel

if TYPE_CHECKING:
    from kiosk.app import KioskApp

log = logging.getLogger(__name__)

CARD_NAMES = {
    CardType.RESIDENT: "居民身份证", CardType.HMT_PERMIT: "港澳台居住证",
    CardType.FOREIGN_PR_2017: "外国人永居证 2017", CardType.FOREIGN_PR_2023: "外国人永居证 2023",
}
RESIDENT = CARDS[CardType.RESIDENT]


def identity_code() -> str:
    """The tax app's identity code of the sample resident (what kiosk/identify_devices.py reads)."""
    return f"etax-id:{RESIDENT['id_number']}"


def attach_demo_panel(kiosk: KioskApp) -> DemoPanel | None:
    """The strip under the screens, driving whichever simulated devices this kiosk has; None without any."""
    reader: Any = getattr(kiosk.id_reader, "simulator", None)
    scanner: Any = getattr(kiosk.scanner, "simulator", None)
    camera: Any = getattr(kiosk.camera, "simulator", None)
    if reader is None and scanner is None and camera is None:
        return None
    cards = [(c.value, f"{CARD_NAMES[c]}（{CARDS[c]['name']}）") for c in CardType] if reader else []
    panel = DemoPanel(cards, f"{RESIDENT['name']}的税务APP身份码")
    panel.lift_button.setVisible(reader is not None)
    panel.code_button.setVisible(scanner is not None or camera is not None)
    panel.face_button.setVisible(camera is not None)

    def placed(key: str) -> None:
        reader.place(CardType(key))
        log.info("demo: a sample card placed on the reader", extra={"card": key})
        panel.show_state(f"读卡区 Reader: {dict(cards)[key]}")

    def lifted() -> None:
        reader.lift()
        panel.show_state("读卡区 Reader: 无 none")

    def code() -> None:
        if scanner is not None:
            scanner.scan(identity_code())
        else:
            camera.present_code(identity_code())
        panel.show_state("已扫码 Code shown")

    def faced(on: bool) -> None:
        camera.present(drawn_face() if on else None)
        panel.show_state("摄像头 Camera: " + ("人脸 a face" if on else "无人 nobody"))

    panel.card_placed.connect(placed)
    panel.card_lifted.connect(lifted)
    panel.code_shown.connect(code)
    panel.face_shown.connect(faced)
    kiosk.window.add_demo_panel(panel)
    return panel
