"""Helpers of the check and visit service tests: documents the seeded bureau issues, altered and
forged codes, a bureau link that can be cut and restored, and what the step screen says."""

from __future__ import annotations

import base64
import datetime
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cv2
import numpy as np
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication, QLabel
from service_rig import RECORD_YEAR, SeededBureau, ThreadedServer  # service_rig puts bureau_thread on the path

from bureau.app import create_app
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.flow.model import Step, StepKind
from taxcore import doclink
from taxcore.docpayload import b64, sign_with, unb64

RESIDENT = CARDS[CardType.RESIDENT]["id_number"]


def issue(bureau: SeededBureau, path: str, body: dict[str, Any]) -> dict[str, Any]:
    reply = bureau.client().post_json(path, body, 5.0, bureau.session_for(RESIDENT))
    assert reply.status == 200, reply.body
    return dict(reply.body)


def certificate(bureau: SeededBureau) -> dict[str, Any]:
    return issue(bureau, "/v1/certificates", {"kind": "iit_certificate", "id_number": RESIDENT, "year": RECORD_YEAR})


def invoice(bureau: SeededBureau, cents: int = 12345) -> dict[str, Any]:
    """A small-amount invoice as the bureau issues one: quoted, its taxes paid, then issued."""
    quote = issue(bureau, "/v1/invoices/quote", {"seller_id_number": RESIDENT, "buyer_name": "广州某某科技有限公司",
                                                 "lines": [{"item": "咨询服务", "amount_cents": cents}]})
    if quote["pay_item"]:
        bureau.paid_order(RESIDENT, [quote["pay_item"]], key=f"tax-{quote['quote_id']}")
    return issue(bureau, "/v1/invoices", {"quote_id": quote["quote_id"]})


def altered_amount(qr: str) -> str:
    """The same code (address or bare payload) with one byte of its signed body changed: the total's first digit."""
    payload = doclink.payload_of(qr)
    body_b64, sig = payload.split(".")
    body = bytearray(unb64(body_b64))
    at = body.index(b'"t":') + 4
    body[at] = ord("9") if body[at] != ord("9") else ord("8")
    return qr.replace(payload, b64(bytes(body)) + "." + sig)


def signed_with_another_key(claims: dict[str, Any]) -> str:
    return sign_with(Ed25519PrivateKey.generate(), claims)


def claims_of(qr: str) -> dict[str, Any]:
    import json

    return dict(json.loads(base64.urlsafe_b64decode(doclink.payload_of(qr).split(".")[0] + "==")))


def camera_frame(payload: str) -> np.ndarray:
    """A 1280x720 frame with the code held up in it, slightly out of focus."""
    code = np.asarray(zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode).to_image(scale=5))
    frame = np.full((720, 1280), 160, np.uint8)
    frame[60: 60 + code.shape[0], 400: 400 + code.shape[1]] = code
    return cv2.cvtColor(cv2.GaussianBlur(frame, (0, 0), 0.8), cv2.COLOR_GRAY2BGR)


def step_texts(kiosk: Any) -> list[str]:
    """Every text the step screen shows (title, note, rows, outcome, banner), in order."""
    QApplication.processEvents()  # labels added to a shown screen appear on the next turn of the event loop
    step = kiosk.window.step
    labels = [step.title, step.note, *step.body.findChildren(QLabel), step.banner]
    return [label.text() for label in labels if label.isVisibleTo(kiosk.window) and label.text()]


def shows(kiosk: Any, words: str) -> bool:
    return any(words in text for text in step_texts(kiosk))


@contextmanager
def bureau_on(bureau: SeededBureau, port: int) -> Iterator[None]:
    """The seeded bureau answering on `port` for the duration: the link is up, then cut again."""
    with ThreadedServer(create_app(bureau.engine), port=port):
        yield
    time.sleep(0.05)


def seed_past_tickets(bureau: SeededBureau, hour: int) -> None:
    """Three past days: 12 tickets in this hour of the day, 4 in each of three other hours."""
    client = bureau.client()
    today = datetime.datetime.now().replace(minute=10, second=0, microsecond=0)
    others = [h for h in range(8, 18) if h != hour][:3]
    n = 0
    for days_ago in (1, 2, 3):
        day = today - datetime.timedelta(days=days_ago)
        for h, count in [(hour, 12), *((o, 4) for o in others)]:
            for _ in range(count):
                n += 1
                reply = client.post_json("/v1/tickets", {
                    "hall_id": "demo-hall", "number": f"P{n:04d}", "service_id": "A",
                    "issued_at": day.replace(hour=h).isoformat()}, 5.0)
                assert reply.status == 200, reply.body


# --- for tests/services/screenshots.py: what its generic walker cannot guess ---------------------
SCAN_CODES: dict[str, str] = {}


def issue_codes(bureau: SeededBureau) -> None:
    """A genuine invoice and certificate for the scan steps of the check services."""
    SCAN_CODES["invoice_check"] = invoice(bureau)["qr"]
    SCAN_CODES["certificate_check"] = certificate(bureau)["qr"]


def scan_prepared_code(kiosk: Any, step: Step) -> bool:
    """On a scan step, the flow's code goes to the simulated scanner (the walker then waits for the answer)."""
    if step.kind is not StepKind.SCAN:
        return False
    kiosk.scanner.simulator.scan(SCAN_CODES[kiosk.engine.flow.id])
    return True


def with_comfort_index(kiosk: Any, step: Step | None) -> bool:
    """Before the first ticket: the kiosk fetches the comfort index of the past tickets seeded."""
    kiosk.check_visit.refresh()
    deadline = time.monotonic() + 10
    while not (kiosk.check_visit.comfort.snapshot(True) or {}).get("days_observed") and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return False
