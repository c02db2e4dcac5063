"""Screenshots of what the check and visit services show for bad codes and with the link down.

    .venv/bin/python tests/services/check_visit_screens.py --out DIR

screenshots.py walks every step the way it goes when all is well; this shoots the other
answers, in Chinese, English and elder mode: a code that is no document code, a code of the
wrong kind, an invoice the bureau never issued, an altered certificate, and (after the bureau
stops answering) a certificate checked offline, a ticket without the comfort index and an
appointment booked offline. PNGs land in DIR/<variant>/problems/.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from check_rig import altered_amount, certificate, claims_of, invoice, issue_codes  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import VARIANTS, Walker, tap, wait_until  # noqa: E402
from service_rig import build_kiosk, running_seeded_bureau, service_config  # noqa: E402

from bureau import docsign  # noqa: E402
from drivers.idcard.record import CardType  # noqa: E402
from kiosk.link import LinkState  # noqa: E402


class ProblemShots:
    def __init__(self, kiosk: Any, out: Path) -> None:
        self.kiosk = kiosk
        self.walker = Walker(kiosk, out)
        self.out = out

    def begin(self, variant: str, service: str) -> None:
        self.walker.begin(variant)
        tap(self.kiosk.window.home.tiles[service])

    def settle(self) -> None:
        wait_until(lambda: not self.kiosk.engine.busy_now)
        QApplication.processEvents()

    def scan(self, variant: str, code: str, name: str) -> None:
        answered: list[object] = []
        engine = self.kiosk.engine
        engine.failed.connect(answered.append)
        engine.step_entered.connect(answered.append)
        self.kiosk.scanner.simulator.scan(code)
        wait_until(lambda: bool(answered) and not engine.busy_now)
        engine.failed.disconnect(answered.append)
        engine.step_entered.disconnect(answered.append)
        self.walker.shot(self.out / variant / "problems", name)

    def then(self, variant: str, name: str, act: Callable[[], None]) -> None:
        act()
        self.settle()
        self.walker.shot(self.out / variant / "problems", name)


def run(out: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp, running_seeded_bureau(Path(tmp)) as bureau:
        issue_codes(bureau)
        cert, bill = certificate(bureau), invoice(bureau)
        never_issued = docsign.sign_payload(bureau.engine, claims_of(bill["qr"]) | {"s": "20261201FFFFFFFFFFFF"})
        kiosk = build_kiosk(None, service_config(Path(tmp), bureau.url, bureau.key))
        shots = ProblemShots(kiosk, out)
        w = kiosk.window
        try:
            wait_until(lambda: kiosk.check_visit.public_key() is not None, 10)
            for variant in VARIANTS:
                shots.begin(variant, "invoice_check")
                shots.scan(variant, "https://example.com/promo", "invoice-scan-not-a-document-code")
                shots.scan(variant, cert["qr"], "invoice-scan-certificate-code")
                shots.scan(variant, never_issued, "invoice-fields-never-issued")
                shots.then(variant, "invoice-verdict-not-found", lambda: tap(w.step.next_button))
                shots.begin(variant, "certificate_check")
                shots.scan(variant, bill["qr"], "certificate-scan-invoice-code")
                shots.scan(variant, altered_amount(cert["qr"]), "certificate-verdict-altered")
            bureau.stop()
            wait_until(lambda: kiosk.link.state == LinkState.DOWN, 15)
            for variant in VARIANTS:
                shots.begin(variant, "certificate_check")
                shots.scan(variant, cert["qr"], "offline-certificate-verdict")
                shots.begin(variant, "queue_ticket")
                tap(w.step.inputs[0].group.buttons()[0])
                tap(w.step.next_button)
                shots.then(variant, "offline-ticket-without-comfort-index", lambda: tap(w.step.next_button))
                shots.begin(variant, "invoice_check")
                shots.walker.shot(out / variant / "problems", "offline-invoice-check-needs-bureau")
                shots.begin(variant, "appointment")
                kiosk.id_reader.simulator.place(CardType.RESIDENT)
                wait_until(lambda: w.step.inputs and w.step.inputs[0].spec.id == "business")
                kiosk.id_reader.simulator.lift()
                for _ in range(3):  # service, day, time: the first of each
                    QApplication.processEvents()
                    tap(w.step.inputs[0].group.buttons()[0])
                    tap(w.step.next_button)
                shots.then(variant, "offline-appointment-booked", lambda: tap(w.step.next_button))
        finally:
            kiosk.shutdown()
    return shots.walker.shots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication.instance() or QApplication([])
    print(f"{len(run(args.out.resolve()))} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
