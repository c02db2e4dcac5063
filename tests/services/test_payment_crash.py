"""The kiosk killed after the payer paid and before the voucher printed: after a restart the
payment is found, recorded once, and its voucher printed when the taxpayer asks; one payment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from service_rig import (
    SeededBureau,
    archived_pdfs,
    build_kiosk,
    bureau_pays,
    pdf_text,
    service_config,
    service_settings,
    tap,
    tap_choice,
    wait_for_step,
)

from bureau import store
from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.link import LinkState
from kiosk.payments import PAID

NUMBER = CARDS[CardType.RESIDENT]["id_number"]
CHILD = Path(__file__).with_name("pay_then_wait.py")


def test_killed_after_paying_then_restarted_keeps_one_payment_and_its_voucher(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> None:
    seeded_bureau.owes(NUMBER, [("房产税", "2025-06", 120_00, 3_60)])
    settings = tmp_path / "kiosk.json"
    settings.write_text(json.dumps(service_settings(tmp_path, seeded_bureau.url, seeded_bureau.key)))
    child = subprocess.Popen([sys.executable, str(CHILD), str(settings), NUMBER], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        pay_url = child.stdout.readline().strip() if child.stdout else ""
        assert pay_url.startswith("http"), "the child kiosk never reached the pay step"
        assert bureau_pays(pay_url) == 200
    finally:
        child.send_signal(signal.SIGKILL)  # power cut: the kiosk has not seen the payment
        child.wait(10)
    assert archived_pdfs(tmp_path) == []

    kiosk = build_kiosk(qtbot, service_config(tmp_path, seeded_bureau.url, seeded_bureau.key))
    try:
        qtbot.waitUntil(lambda: kiosk.link.state == LinkState.UP, timeout=10000)
        qtbot.waitUntil(lambda: len(kiosk.payments.owed_vouchers()) == 1, timeout=15000)  # reconciled at start
        assert kiosk.payments.owed_vouchers()[0].state == PAID
        assert [r["kind"] for r in kiosk.outbox.rows()].count("payment") == 1
        w = kiosk.window
        kiosk.start_session()  # the taxpayer comes back and asks for the voucher
        tap(w.home.tiles["voucher_reprint"])
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        wait_for_step(qtbot, kiosk, "请正对摄像头，核验身份")
        kiosk.camera.simulator.present(drawn_face())
        tap(w.step.next_button)
        wait_for_step(qtbot, kiosk, "请选择要打印凭证的缴款")
        tap_choice(kiosk, "￥123.60")
        tap(w.step.next_button)
        wait_for_step(qtbot, kiosk, "请核对打印内容")
        tap(w.step.next_button)
        qtbot.waitUntil(lambda: len(archived_pdfs(tmp_path)) == 1 and not kiosk.engine.busy_now, timeout=20000)
        assert "￥123.60" in pdf_text(archived_pdfs(tmp_path)[0])
    finally:
        kiosk.shutdown()
    with seeded_bureau.engine.connect() as conn:
        assert [o.status for o in conn.execute(sa.select(store.orders))] == ["paid"]  # one payment
