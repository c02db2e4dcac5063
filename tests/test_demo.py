"""The README's run command, headless: a scripted journey that leaves screenshots and paper behind.

Checked as a person opening the output folder would: every screenshot is there and shows a
screen, the certificate and the voucher name the card holder and carry the amounts the bureau
holds, and the bureau took one payment, the one whose code the pay screen showed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from drivers.scanner.qr_decode import decode_file
from taxcore.money import uppercase, yuan

SHOTS = [
    "01-attract.png", "02-home-zh.png", "03-home-en.png", "04-home-en-elder.png",
    "05-vehicle-tax-en-elder.png", "06-ticket-confirm.png", "07-ticket-printed.png",
    "08-guides-topics.png", "09-guide-text.png", "10-idle-countdown.png",
    "11-after-timeout-attract.png", "12-next-session-home-zh.png",
    "13-iit-identify.png", "14-iit-face.png", "15-iit-year.png", "16-iit-check.png", "17-iit-printed.png",
    "18-rating.png", "19-si-whom.png", "20-si-insurance-year.png", "21-si-level.png", "22-si-check.png",
    "23-si-pay-qr.png", "24-si-voucher.png",
]
HOLDER = CARDS[CardType.RESIDENT]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One headless run of `kiosk demo` (the journey takes about a minute), its output folder."""
    home = tmp_path_factory.mktemp("home")
    out = home / "demo"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo", "--out", str(out)],
        capture_output=True, text=True, timeout=240, env=env,
    )
    assert result.returncode == 0, result.stderr
    return out, result


def bureau_rows(out: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / "bureau" / "bureau.db") as db:
        return db.execute(sql, args).fetchall()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def printed_pdf(out: Path, job_id: str) -> Path:
    """The A4 page the bureau was told was printed under `job_id` (its archive PDF in printed/)."""
    path = out / "printed" / f"{job_id}.pdf"
    assert path.is_file(), sorted(p.name for p in (out / "printed").iterdir())
    return path


def printed_job(out: Path, kind: str) -> str:
    """The job id of the one document of `kind` the outbox reported printed on A4."""
    jobs = [json.loads(str(p)) for (p,) in bureau_rows(out, "SELECT payload FROM transactions WHERE kind = ?",
                                                        "document_printed")]
    [job] = [j for j in jobs if j["kind"] == kind]
    assert job["paper"] == "a4"
    return str(job["job_id"])


def colours(image: QImage, top: int, bottom: int) -> int:
    """Distinct colours on a 4-pixel grid between two rows (a blank screen has one or two)."""
    return len({image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(top, bottom, 4)})


def test_every_screen_of_the_journey_is_saved_and_shows_something(demo) -> None:  # type: ignore[no-untyped-def]
    out, result = demo
    assert "24 screenshots, 1 printed receipts, 2 A4 pages (PDF)" in result.stdout
    assert f"written to {out}" in result.stdout
    assert sorted(p.name for p in out.glob("*.png")) == SHOTS
    previous = None
    for name in SHOTS:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1920, 1080), name
        assert colours(image, 0, 1020) > 100, f"{name} is blank above the status strip"
        assert image != previous, f"{name} shows the same as the screenshot before it"
        previous = image
    # The normal and elder home screens differ (elder mode changes the look, not just a flag).
    assert QImage(str(out / "03-home-en.png")) != QImage(str(out / "04-home-en-elder.png"))
    # The local bureau was started by the demo and the link indicator saw it.
    log = (out / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "bureau link down" not in log and "Traceback" not in result.stderr
    # Heartbeats carried the printer's state to the bureau's fleet view.
    devices = bureau_rows(out, "SELECT devices FROM terminals")[0][0]
    # (the first heartbeat may go out before the printer's first status read: then it is honest "unknown")
    assert json.loads(str(devices))["receipt_printer"]["paper"] in ("full", "unknown")


def test_the_ticket_came_out_of_the_receipt_printer(demo) -> None:  # type: ignore[no-untyped-def]
    out, _ = demo
    printed = (out / "printed" / "receipt-01.txt").read_text(encoding="utf-8")
    assert "排队取号凭条" in printed and "A01-001" in printed
    assert (out / "printed" / "receipt-01.png").is_file()
    [(payload,)] = bureau_rows(out, "SELECT payload FROM transactions WHERE kind = 'queue_ticket'")
    assert json.loads(str(payload))["number"] == "A01-001"


def test_the_certificate_names_the_card_holder_with_the_tax_the_bureau_holds(demo) -> None:  # type: ignore[no-untyped-def]
    out, _ = demo
    number = HOLDER["id_number"]
    [(tax_cents,)] = bureau_rows(out, "SELECT SUM(tax_cents) FROM iit_records WHERE id_number = ?", number)
    [(serial, owner)] = bureau_rows(out, "SELECT serial, id_number FROM documents WHERE kind = 'iit_certificate'")
    assert owner == number
    text = pdf_text(printed_pdf(out, printed_job(out, "iit_certificate")))
    total = int(str(tax_cents))
    for expected in ("中华人民共和国税收完税证明", HOLDER["name"], number, str(serial), "2025-12-01 至 2025-12-31",
                     yuan(total), uppercase(total)):
        assert expected in text, expected
    [(rating,)] = bureau_rows(out, "SELECT payload FROM transactions WHERE kind = 'rating'")
    assert json.loads(str(rating)) == {"level": 5, "service": "iit_certificate"}  # one per visit: the first service


def test_one_payment_at_the_bureau_and_its_voucher_printed(demo) -> None:  # type: ignore[no-untyped-def]
    out, _ = demo
    number = HOLDER["id_number"]
    [(order_id, total_cents, status, token, payer)] = bureau_rows(
        out, "SELECT order_id, total_cents, status, pay_token, id_number FROM orders")
    assert (status, payer) == ("paid", number)
    payments = bureau_rows(out, "SELECT payload FROM transactions WHERE kind = 'payment'")
    assert [json.loads(str(p))["order_id"] for (p,) in payments] == [order_id]  # delivered once
    # The code on the pay screen is the link of the order that was paid.
    assert [url.rsplit("/", 1)[-1] for url in decode_file(str(out / "23-si-pay-qr.png"))] == [token]
    text = pdf_text(printed_pdf(out, printed_job(out, "payment_voucher")))
    total = int(str(total_cents))
    for expected in ("中华人民共和国税收缴款凭证", HOLDER["name"], str(order_id), "城乡居民医疗保险", yuan(total),
                     uppercase(total)):
        assert expected in text, expected
    # The whole visit reached the bureau through the outbox, nothing twice.
    kinds = [k for (k,) in bureau_rows(out, "SELECT kind FROM transactions ORDER BY seq")]
    assert kinds == ["queue_ticket", "document_printed", "rating", "payment", "document_printed"]
