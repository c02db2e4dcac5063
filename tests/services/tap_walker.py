"""The double-tap walker (tests/services/test_double_taps.py, tests/touch/test_double_taps_elder.py).

Every flow, in Chinese and in elder mode, walked twice: once with single taps, once with every
control double-tapped (60–120 ms apart, the second tap landing on whatever is at that spot by
then). What the kiosk shows and does after each tap must be the same on both walks: a double tap
is one tap. At every step of the double-tap walk, Space, Enter and a keyboard-wedge burst change
nothing, and each control in the step's body, tapped twice on a freshly drawn step, does what
one tap does on another freshly drawn one.

The walker is the screenshot walker's (screenshots.py: its hints, its answers to each step); the
kiosk is the end-to-end rig's (service_rig.py). Fields are filled by the walker; the control under
test (the home tile, Next, Back, Cancel at the first step, each body control) gets real presses at
window positions. A step met again in another flow (identify, face) has its Back, keys and body
controls tried once per language mode; Next is double-tapped everywhere.
The kiosk's touch windows are a little wider than the defaults (a settle of 0.4 s, 0.7 s in elder
mode; repeats within 0.4 s): on this shared machine a 100 ms pause can take far longer than asked, and a
double tap spread that far apart by the machine would no longer be one.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget  # noqa: E402
from screenshots import HINTS, Hint, Walker, wait_until  # noqa: E402
from service_rig import (  # noqa: E402
    build_kiosk,
    bureau_pays,
    running_seeded_bureau,
    service_settings,
    wait_tappable,
)

from bureau import store  # noqa: E402
from drivers.camera.sim import drawn_face  # noqa: E402
from drivers.scanner.dedupe import DEFAULT_WINDOW_S  # noqa: E402
from kiosk.config import parse_config  # noqa: E402
from kiosk.documents.archive import SUFFIX  # noqa: E402
from kiosk.flow.model import Step, StepKind  # noqa: E402
from kiosk.link import LinkState  # noqa: E402
from kiosk.wedge import WedgeScanner, type_like_a_scanner  # noqa: E402

GAPS_MS = itertools.cycle((60, 90, 120))
KEY_GAP_MS = 60
TOUCH = {"settle_ms": 400, "elder_settle_ms": 700, "repeat_ms": 400}
LEFT, NO_MOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def press_at(window: QWidget, point: QPoint) -> None:
    """A finger's tap on a spot of the window: on whatever widget is there now."""
    target = window.childAt(point) or window
    local = target.mapFrom(window, point)
    QTest.mousePress(target, LEFT, NO_MOD, local)
    QTest.mouseRelease(target, LEFT, NO_MOD, local)


def click(button: QAbstractButton) -> None:
    """Filling a field on the way (not the control under test): the button's own click."""
    button.click()


class TapWalker(Walker):
    def __init__(self, kiosk: Any, out: Path, bureau: Any) -> None:
        super().__init__(kiosk, out)
        self.bureau = bureau
        self.checked: set[tuple[str, str, str]] = set()  # (variant, step title, control): body controls done
        self.keyed: set[tuple[str, str]] = set()  # (variant, step title): keys and body checked
        self.backed: dict[int, set[tuple[str, str]]] = {1: set(), 2: set()}  # per walk kind: Back tried

    def shot(self, folder: Path, name: str) -> None:
        """No screenshots here."""

    # --- tapping and waiting ------------------------------------------------------------------
    def tap(self, button: QAbstractButton, taps: int) -> None:
        """One tap, or two `GAPS_MS` apart, at the button's spot, once the screen has settled."""
        wait_tappable(button)
        window = self.kiosk.window
        spot = button.mapTo(window, button.rect().center())
        for n in range(taps):
            if n:
                QTest.qWait(next(GAPS_MS))
            press_at(window, spot)

    def settle(self) -> None:
        """Until nothing runs and the screen on show has settled (what a tap caused has happened)."""
        k = self.kiosk
        assert wait_until(lambda: not k.engine.busy_now and k.guard.accepts_tap()), "the kiosk never settled"
        QTest.qWait(50)

    # --- what a taxpayer (and the bureau) would see ---------------------------------------------
    def counts(self) -> tuple[int, int, int]:
        """Receipts printed, A4 documents archived, payment orders at the bureau."""
        with self.bureau.engine.connect() as conn:
            orders = conn.execute(sa.select(sa.func.count()).select_from(store.orders)).scalar_one()
        archive = Path(self.kiosk.config.devices["a4_printer"].settings["archive_dir"])
        return len(self.kiosk.printer.sim.receipts()), len(list(archive.glob(f"*{SUFFIX}"))), int(orders)

    def state(self) -> dict[str, Any]:
        k, w = self.kiosk, self.kiosk.window
        names = {w.attract: "attract", w.home: "home", w.message: "message", w.step: "step"}
        screen = names.get(w.current_screen(), type(w.current_screen()).__name__)
        state: dict[str, Any] = {"screen": screen, "flow": k.engine.flow.id if k.engine.flow else None,
                                 "overlay": w.overlay.isVisible()}
        if screen == "message":
            state["message"] = w.message.body.text()
        if screen == "step":
            s = w.step
            state.update(index=k.engine.index, title=s.title.text(), method=s.identify_method, rating=s.rating,
                         values=[(i.spec.id, i.value) for i in s.inputs],
                         next=(s.next_button.isVisible(), s.next_button.isEnabled(), s.next_button.text()),
                         banner=s.banner.text() if s.banner.isVisible() else "")
        return state

    # --- the walk ---------------------------------------------------------------------------------
    def tap_walk(self, variant: str, flow_id: str, taps: int) -> list[tuple[str, Any]]:
        """The flow walked with every tap under test given `taps` times; what each tap led to."""
        k, w = self.kiosk, self.kiosk.window
        hint = HINTS.get(flow_id, Hint())
        seen: list[tuple[str, Any]] = []
        backed: set[Step] = set()
        with self.bureau.engine.begin() as conn:  # as before the earlier walk: its debts owed, its booking gone
            conn.execute(store.arrears.update().values(paid_order_id=None))
            conn.execute(store.visits.delete().where(store.visits.c.kind == "appointment"))
        self.begin(variant)
        k.camera.simulator.present(drawn_face())
        self.settle()
        self.open(flow_id, taps)
        for _ in range(40):
            self.settle()
            step = k.engine.step
            if step is None or w.current_screen() is not w.step:
                seen.append(("end", self.state()))
                return seen
            if self._failed():
                seen.append(("error", self.state()))
                return seen
            seen.append(("arrive", self.state()))
            cancel = w.step.cancel_button
            if k.engine.index == 0 and step not in backed and cancel.isVisible() and cancel.isEnabled():
                backed.add(step)  # Cancel at the first step: home, and the second tap opens nothing there
                self.tap(cancel, taps)
                self.settle()
                seen.append(("cancel", self.state()))
                self.open(flow_id)
                continue
            if taps == 2 and step.kind is not StepKind.PAY and (variant, w.step.title.text()) not in self.keyed:
                self.keyed.add((variant, w.step.title.text()))
                self.check_keys(step)
                self.check_body(variant, step)
            back = w.step.back_button
            once = (variant, w.step.title.text())  # the same step in another flow (identify, face): Back tried
            if step.kind is not StepKind.PAY and back.isVisible() and back.isEnabled() and step not in backed and (
                    once not in self.backed[taps]):
                backed.add(step)
                self.backed[taps].add(once)
                if not self.back_and_forth(step, hint, taps, seen):
                    self.open(flow_id)  # Back left the service: in again, on to where it was
                    continue
            self.answer(step, hint, taps, seen)
        raise AssertionError(f"{flow_id}: more than 40 steps")

    def open(self, flow_id: str, taps: int = 0) -> None:
        """The service's tile tapped (`taps` times; 0: its own click), or the flow started as another flow would."""
        k, w = self.kiosk, self.kiosk.window
        if flow_id not in w.home.tiles:
            k.engine.start(k.flows[flow_id], {"terminal_id": k.config.terminal.id, "service": flow_id})
        elif taps:
            self.tap(w.home.tiles[flow_id], taps)
        else:
            w.home.tiles[flow_id].click()

    def answer(self, step: Step, hint: Hint, taps: int, seen: list[tuple[str, Any]]) -> None:
        k, w = self.kiosk, self.kiosk.window
        index, before = k.engine.index, self.counts()
        if step.kind is StepKind.PAY:
            bureau_pays(k.engine.context["payment"]["pay_url"])  # the taxpayer's phone pays
        elif step.auto or self.fill(self.out, step, hint, press=click):
            self.tap(w.step.next_button, taps)
        wait_until(lambda: k.engine.step is not step or k.engine.index != index or self._failed())
        self.settle()
        after = self.counts()
        seen.append(("next", (self.state(), tuple(a - b for a, b in zip(after, before, strict=True)))))

    def back_and_forth(self, step: Step, hint: Hint, taps: int, seen: list[tuple[str, Any]]) -> bool:
        """Back (tapped), then on again to this step the way a taxpayer would; False if Back left the flow."""
        k, w = self.kiosk, self.kiosk.window
        self.tap(w.step.back_button, taps)
        self.settle()
        seen.append(("back", self.state()))
        previous = k.engine.step
        if previous is None or w.current_screen() is not w.step:
            return False
        if previous is not step:  # its answers are kept (drawn from what was chosen): on with them
            ready = w.step.next_button
            if previous.kind is StepKind.SCAN:
                QTest.qWait(int(DEFAULT_WINDOW_S * 1000) + 200)  # the scanner drops the same code again until then
            if not previous.auto and not (ready.isVisible() and ready.isEnabled()):
                self.fill(self.out, previous, hint, press=click)  # or answered by itself (a code scanned)
            if ready.isVisible() and ready.isEnabled() and k.engine.step is previous:
                ready.click()
            assert wait_until(lambda: k.engine.step is step and not k.engine.busy_now), f"not back at {step.title}"
        return True

    # --- checks on one step --------------------------------------------------------------------------
    def check_keys(self, step: Step) -> None:
        """Space and Enter (to whatever has the focus, and to each button) and a wedge scanner's burst
        press nothing; the burst's code is not taken on a step that waits for none."""
        w = self.kiosk.window
        before = self.state()
        for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for target in (QApplication.focusWidget() or w, w.step.next_button):  # as if Next had kept the focus
                QTest.keyClick(target, key)
                QTest.qWait(KEY_GAP_MS)  # a person's pace (faster keys are a scanner's burst)
        if step.kind is not StepKind.SCAN:
            type_like_a_scanner(QApplication.focusWidget() or w, "WEDGE-NOT-A-CODE-0001")
            QTest.qWait(150)
        QApplication.processEvents()
        assert self.state() == before, f"{step.title.get('zh_CN')}: a key changed the step"

    def check_body(self, variant: str, step: Step) -> None:
        """Each control of the step's body, on a freshly drawn step: two taps do what one does."""
        screen = self.kiosk.window.step
        prepare = [None] if step.kind is not StepKind.IDENTIFY else [None, "type"]  # the keypad shows after 输入证件号
        for method in prepare:
            self.redraw(step, method)
            for name in [self.name(b) for b in self.body_buttons()]:
                if (variant, screen.title.text(), name) in self.checked:
                    continue  # the same step in another flow: checked already
                self.checked.add((variant, screen.title.text(), name))
                outcomes = []
                for taps in (1, 2):
                    self.redraw(step, method)
                    self.tap(self.find(name), taps)
                    QTest.qWait(30)
                    outcomes.append(self.state())
                assert outcomes[0] == outcomes[1], f"{screen.title.text()}: {name} tapped twice"
        self.redraw(step, None)

    def redraw(self, step: Step, method: str | None) -> None:
        """The step as it is drawn on arrival (the kiosk's own drawing), optionally with a way to identify chosen."""
        k = self.kiosk
        k.window.step.show_step(step, k.engine.context, *k.engine.position(), k.session.language)
        QApplication.processEvents()
        if method is not None:
            self.find(f"method={method}").click()
            QApplication.processEvents()

    def body_buttons(self) -> list[QAbstractButton]:
        return [b for b in self.kiosk.window.step.body.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]

    @staticmethod
    def name(button: QAbstractButton) -> str:
        for prop in ("method", "value"):
            if button.property(prop) is not None:
                return f"{prop}={button.property(prop)}"
        return f"{button.objectName()}:{button.text()}"

    def find(self, name: str) -> QAbstractButton:
        return next(b for b in self.body_buttons() if self.name(b) == name)


@contextlib.contextmanager
def tap_walker(folder: Path) -> Iterator[TapWalker]:
    """The seeded bureau and a kiosk on simulated devices (with a keyboard-wedge scanner too), walked."""
    with running_seeded_bureau(folder) as bureau:
        settings = service_settings(folder, bureau.url, bureau.key)
        kiosk = build_kiosk(None, parse_config({**settings, "touch": TOUCH}))
        kiosk.attach_wedge(WedgeScanner())  # a keyboard-wedge scanner beside the serial one
        try:
            assert wait_until(lambda: kiosk.link.state == LinkState.UP, 10)
            for flow_id in kiosk.flows:
                prepare = HINTS.get(flow_id, Hint()).prepare
                if prepare is not None:
                    prepare(bureau)
            yield TapWalker(kiosk, folder, bureau)
        finally:
            kiosk.shutdown()


def single_and_double_walks_agree(walker: TapWalker, variant: str, flow_id: str) -> None:
    single = walker.tap_walk(variant, flow_id, 1)
    double = walker.tap_walk(variant, flow_id, 2)
    assert [kind for kind, _ in single][-1] == "end", single[-1]  # the walk got through the flow
    for n, (one, two) in enumerate(zip(single, double, strict=False)):
        assert one == two, f"{variant}/{flow_id}, tap {n}: one tap gave {one}, two gave {two}"
    assert len(single) == len(double)
