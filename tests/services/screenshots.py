"""Screenshots of every step of every service flow, in Chinese, English and elder mode.

    .venv/bin/python tests/services/screenshots.py --out DIR [--variant zh|en|elder ...] [--flow ID ...]

Runs the kiosk offscreen on simulated devices against the seeded reference bureau (the same
rig as the end-to-end tests) and walks each flow of `kiosk.services.all_flows()` the way a
taxpayer would: the ID number on the keypad (after shots of the card view and of a wrong
check digit), a face for the camera, the first choice of each form, Confirm, the print, a
rating. One PNG per step lands in
DIR/<variant>/<flow>/NN-<kind>.png; a step that ends in an error is shot too and the flow
stops there (its name says "error"). Flows need nothing per service; `HINTS` holds what the
generic walker cannot guess (a field value, a code to scan, something to prepare).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import check_rig  # noqa: E402
from paying_data import OTHER, fresh_dues  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402
from service_rig import (  # noqa: E402
    SeededBureau,
    build_kiosk,
    bureau_pays,
    running_seeded_bureau,
    service_config,
    wait_tappable,
)

from drivers.camera.sim import drawn_face  # noqa: E402
from drivers.idcard.record import CardType  # noqa: E402
from drivers.idcard.samples import CARDS  # noqa: E402
from kiosk.flow.model import Step, StepKind  # noqa: E402
from kiosk.link import LinkState  # noqa: E402
from screens.flow.camera_preview import CameraPreview  # noqa: E402

OPEN_HOUR = datetime.datetime(2026, 12, 8, 10, 0)  # a Tuesday morning: the counters are open
VARIANTS = {"zh": ("zh_CN", False), "en": ("en", False), "elder": ("zh_CN", True)}
NUMBER = CARDS[CardType.RESIDENT]["id_number"]


@dataclass
class Hint:
    """What a flow needs beyond the generic walk."""

    fields: dict[str, str] = field(default_factory=dict)  # field id → value (a choice's value or typed text)
    prepare: Callable[[SeededBureau], None] | None = None  # once, before the first walk (bureau data)
    # Called on a step the walker would otherwise just confirm (e.g. scan a code); returns True if it acted.
    on_step: Callable[[Any, Step], bool] | None = None


def _paid_order(bureau: SeededBureau) -> None:
    bureau.paid_order(NUMBER, [{"kind": "fee", "description": "证明工本费", "amount_cents": 36000},
                               {"kind": "fee", "description": "资料复印费", "amount_cents": 1250}])


def _arrears(bureau: SeededBureau) -> None:
    # one debt paid per variant walked (zh, en, elder), and one left over
    bureau.owes(NUMBER, [("房产税", "2025-06", 120_00, 3_60), ("印花税", "2025-09", 12_50, 0),
                         ("城镇土地使用税", "2025-06", 88_00, 1_20), ("房产税", "2025-12", 120_00, 0)])


def _fresh_dues(kiosk: Any, step: Step) -> bool:
    """Before each walk of a paying service: its dues as they were (an earlier variant paid them)."""
    if step.kind is StepKind.IDENTIFY and _walked_bureau:
        fresh_dues(_walked_bureau[-1])  # this walk's: an earlier walk in the process appended its own
    return False


_walked_bureau: list[SeededBureau] = []
_PAYING = Hint(prepare=_walked_bureau.append, on_step=_fresh_dues)


HINTS: dict[str, Hint] = {
    "vehicle_tax": _PAYING,
    "si_pay": replace(_PAYING, fields={"whom": "other", "insured_id": OTHER, "insurance": "resident_medical"}),
    "fixed_quota": replace(_PAYING, fields={"declare": "actual", "sales_yuan": "20000"}),
    "small_invoice": Hint(fields={"buyer_name": "广州市某某科技有限公司", "amount_yuan": "1000"}),
    "clear_arrears": Hint(prepare=_arrears),
    "iit_certificate": Hint(fields={"year": "2025"}),
    "tax_record_list": Hint(fields={"year": "2025"}),
    "si_payment_list": Hint(fields={"year": "2025"}),
    "si_summary": Hint(fields={"year": "2025"}),
    "voucher_reprint": Hint(prepare=_paid_order),
    "invoice_check": Hint(prepare=check_rig.issue_codes, on_step=check_rig.scan_prepared_code),
    "certificate_check": Hint(prepare=check_rig.issue_codes, on_step=check_rig.scan_prepared_code),
    "queue_ticket": Hint(prepare=lambda b: check_rig.seed_past_tickets(b, time.localtime().tm_hour),
                         on_step=check_rig.with_comfort_index),
}

# Branches one walk cannot reach: the flow is walked once more with these answers, its shots
# numbered on in the same folder. The taxpayer who just booked comes back and cancels: that
# branch ends on its outcome, not on a slip.
AGAIN: dict[str, Hint] = {"appointment": Hint(fields={"way": "cancel"})}


def wait_until(condition: Callable[[], bool], timeout_s: float = 20.0) -> bool:
    """Turn the event loop until `condition` holds (the workers report through it)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


def tap(button: QAbstractButton) -> None:
    wait_tappable(button)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


class Walker:
    def __init__(self, kiosk: Any, out: Path) -> None:
        self.kiosk = kiosk
        self.out = out
        self.shots: list[Path] = []
        self.problems: list[str] = []

    def shot(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        wait_until(lambda: False, 0.15)
        previews = self.kiosk.window.step.body.findChildren(CameraPreview)
        wait_until(lambda: all(p.pixmap() is not None and not p.pixmap().isNull() for p in previews), 3.0)
        path = folder / f"{len(list(folder.glob('*.png'))) + 1:02d}-{name}.png"
        image = self.kiosk.window.grab()
        image.save(str(path))
        self.shots.append(path)
        display = self.kiosk.config.display
        if (image.width(), image.height()) != (display.width, display.height):
            # Offscreen the window grows to fit its content; on the terminal's screen it would be cut off.
            self.problems.append(f"{path.name}: {image.width()}x{image.height()} does not fit "
                                 f"{display.width}x{display.height}")

    def begin(self, variant: str) -> None:
        """A fresh session in the variant's language and mode, on the home screen."""
        k = self.kiosk
        language, elder = VARIANTS[variant]
        k.session.end("cancelled")
        k.start_session()
        k.session.set_language(language)
        k.session.set_elder_mode(elder)

    def home(self, variant: str) -> None:
        """The home and attract screens, with the comfort index as now and as at 10:00 on a Tuesday."""
        k, board = self.kiosk, self.kiosk.hall_board
        check_rig.with_comfort_index(k, None)
        for when, suffix in ((None, ""), (OPEN_HOUR, "-open-hours")):
            board.clock = (lambda w=when: w) if when else datetime.datetime.now
            board.redraw()
            self.begin(variant)
            self.shot(self.out / variant, f"home{suffix}")
            k.session.end("cancelled")
            self.shot(self.out / variant, f"attract{suffix}")
        board.clock = datetime.datetime.now
        board.redraw()

    def walk(self, variant: str, flow_id: str, hint: Hint | None = None) -> None:
        k, w = self.kiosk, self.kiosk.window
        hint = hint or HINTS.get(flow_id, Hint())
        folder = self.out / variant / flow_id
        self.begin(variant)
        k.camera.simulator.present(drawn_face())  # someone stands in front of the terminal
        if flow_id in w.home.tiles:
            tap(w.home.tiles[flow_id])
        else:
            k.engine.start(k.flows[flow_id], {"terminal_id": k.config.terminal.id, "service": flow_id})
        for _ in range(30):
            step = k.engine.step
            if step is None or w.current_screen() is not w.step:
                return  # the flow has ended (home again)
            if k.engine.busy_now:
                self.shot(folder, f"{step.kind.value}-working")  # a print under way
                if not wait_until(lambda: not k.engine.busy_now):
                    self.problems.append(f"{variant}/{flow_id}: an action never finished")
                    return
            if self._failed():
                self.shot(folder, f"{step.kind.value}-error")
                self.problems.append(f"{variant}/{flow_id}: {w.step.banner.text()}")
                tap(w.step.cancel_button)
                return
            self.shot(folder, step.kind.value)
            index = k.engine.index
            if step.kind is StepKind.PAY:
                bureau_pays(k.engine.context["payment"]["pay_url"])  # the taxpayer's phone pays
            elif step.auto:
                tap(w.step.next_button)  # done: move on
            else:
                self._answer(folder, step, hint)
            if not wait_until(lambda i=index, s=step: k.engine.step is not s or k.engine.index != i
                              or (not k.engine.busy_now and self._failed())):
                self.shot(folder, f"{step.kind.value}-stuck")
                self.problems.append(f"{variant}/{flow_id}: stuck at {step.kind.value}")
                tap(w.step.cancel_button)
                return

    def _failed(self) -> bool:
        banner = self.kiosk.window.step.banner
        return bool(banner.isVisible() and banner.property("level") == "bad")

    def _answer(self, folder: Path, step: Step, hint: Hint) -> None:
        if self.fill(folder, step, hint):
            tap(self.kiosk.window.step.next_button)

    def fill(self, folder: Path, step: Step, hint: Hint, press: Callable[[QAbstractButton], None] = tap) -> bool:
        """Answer the step on screen as a taxpayer would, all but its Next; False when the hint's
        `on_step` answered it (a scanned code) and there is no Next to tap."""
        k, screen = self.kiosk, self.kiosk.window.step
        if hint.on_step is not None and hint.on_step(k, step):
            return False
        if step.kind is StepKind.IDENTIFY:
            press(next(b for b in screen.method_group.buttons() if b.property("method") == "type"))
            wrong = NUMBER[:17] + ("1" if NUMBER[17] != "1" else "2")
            for key in wrong:
                press(screen.inputs[0].keypad.buttons[key])
            self.shot(folder, "identify-keypad-check-digit")
            press(screen.inputs[0].keypad.buttons["⌫"])
            press(screen.inputs[0].keypad.buttons[NUMBER[17]])
            self.shot(folder, "identify-keypad")
            return True  # then Next: the typed number (the card path depends on the reader's timing)
        if step.kind is StepKind.RATE:
            press(screen.rating_group.buttons()[0])
        for field_input in screen.inputs:
            wanted = hint.fields.get(field_input.spec.id)
            if field_input.spec.kind in ("choice", "multi"):
                buttons = field_input.group.buttons()
                options = field_input.spec.options(k.engine.context)
                index = next((i for i, c in enumerate(options) if c.value == wanted), 0)
                press(buttons[index])
            elif field_input.spec.kind == "text":  # typing on the keyboard is tested in test_text_entry.py
                field_input.entry.setText(wanted or "")
            elif wanted:
                for key in wanted:
                    press(field_input.keypad.buttons[key])
        return True


def run(out: Path, variants: list[str], flows: list[str] | None) -> Walker:
    with tempfile.TemporaryDirectory() as tmp, running_seeded_bureau(Path(tmp)) as bureau:
        config = service_config(Path(tmp), bureau.url, bureau.key)
        kiosk = build_kiosk(None, config)
        try:
            wait_until(lambda: kiosk.link.state == LinkState.UP, 10)
            chosen = flows or list(kiosk.flows)
            for flow_id in chosen:
                prepare = HINTS.get(flow_id, Hint()).prepare
                if prepare is not None:
                    prepare(bureau)
            walker = Walker(kiosk, out)
            for variant in variants:
                walker.home(variant)
                for flow_id in chosen:
                    walker.walk(variant, flow_id)
                    if flow_id in AGAIN:
                        walker.walk(variant, flow_id, AGAIN[flow_id])
        finally:
            kiosk.shutdown()
    return walker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    parser.add_argument("--flow", action="append")
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication.instance() or QApplication([])
    walker = run(args.out.resolve(), args.variant or list(VARIANTS), args.flow)
    print(f"{len(walker.shots)} screenshots in {args.out}")
    for problem in walker.problems:
        print(f"stopped: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
