"""发票查验 and 税收证明真伪查验 end to end: codes on the simulated scanner and camera, checked
with the seeded bureau, offline with the cached key, and every bad code worded with a way on."""

from __future__ import annotations

import time

from bureau_thread import free_port
from check_rig import (
    RESIDENT,
    altered_amount,
    bureau_on,
    camera_frame,
    certificate,
    claims_of,
    invoice,
    shows,
    signed_with_another_key,
    step_texts,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from service_rig import SeededBureau, build_kiosk, service_config, tap

from bureau import docsign
from kiosk.link import LinkState
from taxcore import doclink
from taxcore.masking import mask_id

NOT_OURS_ZH = "这不是税务机关在票证上使用的二维码"


def _open(kiosk, service: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    tap(kiosk.window.home.tiles[service])  # one tap from home to the first step


def _scan(qtbot, kiosk, payload: str) -> None:  # type: ignore[no-untyped-def]
    """Present the code on the serial scanner; return once the step has answered (refused it or moved on)."""
    answers: list[object] = []
    kiosk.engine.failed.connect(answers.append)
    kiosk.engine.step_entered.connect(answers.append)
    try:
        kiosk.scanner.simulator.scan(payload)
        qtbot.waitUntil(lambda: bool(answers) and not kiosk.engine.busy_now, timeout=10000)
    finally:
        kiosk.engine.failed.disconnect(answers.append)
        kiosk.engine.step_entered.disconnect(answers.append)


def _wait_result(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: kiosk.window.step.title.text() == "查验结果" and not kiosk.engine.busy_now, timeout=10000)


# --- 发票查验 -----------------------------------------------------------------------------------
def test_a_genuine_invoice_shows_its_fields_then_the_bureaus_verdict(qtbot, service_kiosk,
                                                                      seeded_bureau: SeededBureau) -> None:
    issued = invoice(seeded_bureau, cents=12345)
    k, w = service_kiosk, service_kiosk.window
    _open(k, "invoice_check")
    assert w.step.title.text() == "请扫描发票上的二维码"
    assert not w.step.next_button.isEnabled()  # "Next" only sends a typed code: nothing typed yet
    _scan(qtbot, k, issued["qr"])
    assert w.step.title.text() == "发票信息"
    texts = step_texts(k)
    assert issued["serial"] in texts and "￥123.45" in texts and mask_id(RESIDENT) in texts
    tap(w.step.next_button)  # ask the bureau
    _wait_result(qtbot, k)
    assert shows(k, "查验通过：这是税务机关开具的真实发票") and issued["serial"] in step_texts(k)
    assert w.step.next_button.text() == "完成"
    tap(w.step.next_button)
    assert w.current_screen() is w.home


def test_an_unknown_or_altered_invoice_is_not_found(qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    issued = invoice(seeded_bureau)
    claims = claims_of(issued["qr"]) | {"s": "20261201FFFFFFFFFFFF"}
    never_issued = docsign.sign_payload(seeded_bureau.engine, claims)  # the bureau's signature, but no record
    k, w = service_kiosk, service_kiosk.window
    for code in (never_issued, altered_amount(issued["qr"])):
        _open(k, "invoice_check")
        _scan(qtbot, k, code)
        assert w.step.title.text() == "发票信息"
        tap(w.step.next_button)
        _wait_result(qtbot, k)
        assert shows(k, "查无此票：税务机关没有这张发票的开具记录") and shows(k, "联系开票方")
        tap(w.step.next_button)
    assert len(seeded_bureau.documents("invoice")) == 1


def test_garbage_and_wrong_kinds_of_code_are_worded_and_the_next_scan_is_taken(
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    issued = invoice(seeded_bureau)
    k, w = service_kiosk, service_kiosk.window
    _open(k, "invoice_check")
    cases = {
        "https://example.com/promo?id=1": NOT_OURS_ZH,
        f"etax-id:{RESIDENT}": NOT_OURS_ZH,
        "eyJrIjoiaW52b2ljZSJ9.AAAA": NOT_OURS_ZH,  # shaped like ours, but no signature
        cert["qr"]: "这是税收证明的二维码，不是发票的",
    }
    for code, words in cases.items():
        _scan(qtbot, k, code)
        assert w.step.title.text() == "请扫描发票上的二维码" and words in w.step.banner.text(), code
        assert w.step.cancel_button.isVisible() and w.step.back_button.isVisible()
    _scan(qtbot, k, issued["qr"])  # the way on: the right code now
    assert w.step.title.text() == "发票信息"
    tap(w.step.back_button)
    assert w.step.title.text() == "请扫描发票上的二维码"
    tap(w.step.cancel_button)
    assert w.current_screen() is w.home


def test_invoice_check_offline_says_it_needs_the_bureau(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    k, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=5000)
    _open(k, "invoice_check")
    assert w.current_screen() is w.message and "无法连接" in w.message.body.text()


# --- 税收证明真伪查验 -----------------------------------------------------------------------------
def test_a_genuine_certificate_online_is_confirmed_by_the_bureau(qtbot, service_kiosk,
                                                                  seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    k, w = service_kiosk, service_kiosk.window
    _open(k, "certificate_check")
    assert w.step.title.text() == "请扫描税收证明上的二维码"
    _scan(qtbot, k, cert["qr"])
    _wait_result(qtbot, k)
    assert shows(k, "真实有效：这张证明由税务机关签发，内容未被改动，并与税务机关的记录一致。")
    texts = step_texts(k)
    assert cert["serial"] in texts and "个人所得税完税证明" in texts
    assert f"￥{cert['body']['total_cents'] / 100:,.2f}" in texts
    assert "离线签名验证 + 税务机关记录核对" in texts


def test_a_certificate_held_up_to_the_camera_is_checked(qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    k = service_kiosk
    _open(k, "certificate_check")
    qtbot.waitUntil(lambda: k.camera.active, timeout=2000)  # the scan step asks for the camera too
    k.camera.simulator.present(camera_frame(cert["qr"]))
    _wait_result(qtbot, k)
    assert shows(k, "真实有效") and cert["serial"] in step_texts(k)
    tap(k.window.step.next_button)
    assert not k.camera.active


def test_forged_altered_and_unrecorded_certificates_fail_in_plain_words(
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    claims = claims_of(cert["qr"])
    payload = doclink.payload_of(cert["qr"])  # the signed part of the printed address
    flipped = cert["qr"].replace(payload, payload[:20] + ("A" if payload[20] != "A" else "B") + payload[21:])
    unrecorded = docsign.sign_payload(seeded_bureau.engine, claims | {"s": "20260101000000000000"})
    cases = {
        altered_amount(cert["qr"]): "签名无效，它可能是伪造的或被改动过",
        flipped: "签名无效，它可能是伪造的或被改动过",
        signed_with_another_key(claims): "签名无效，它可能是伪造的或被改动过",
        unrecorded: "税务机关没有这张证明的记录",
    }
    k, w = service_kiosk, service_kiosk.window
    for code, words in cases.items():
        _open(k, "certificate_check")
        _scan(qtbot, k, code)
        _wait_result(qtbot, k)
        assert shows(k, words) and shows(k, "请不要采信"), step_texts(k)
        assert not shows(k, claims["s"])  # nothing of a failed code is shown as if it were true
        tap(w.step.back_button)  # the way on: scan another
        assert w.step.title.text() == "请扫描税收证明上的二维码"
        tap(w.step.cancel_button)


def test_wrong_codes_on_the_certificate_check(qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    issued = invoice(seeded_bureau)
    k, w = service_kiosk, service_kiosk.window
    _open(k, "certificate_check")
    for code, words in ((issued["qr"], "这是发票的二维码，不是税收证明的"), ("12345", NOT_OURS_ZH)):
        _scan(qtbot, k, code)
        assert w.step.title.text() == "请扫描税收证明上的二维码" and words in w.step.banner.text()


def test_certificate_check_works_offline_with_the_cached_key(qtbot, tmp_path, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    cert = certificate(seeded_bureau)
    port = free_port()
    k = build_kiosk(qtbot, service_config(tmp_path, f"http://127.0.0.1:{port}", seeded_bureau.key))
    try:
        key_file = tmp_path / "data" / "content" / "public_key.json"
        with bureau_on(seeded_bureau, port):
            qtbot.waitUntil(key_file.exists, timeout=10000)  # downloaded as content when the link came up
        qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=10000)
        _open(k, "certificate_check")  # offered with the link down
        _scan(qtbot, k, cert["qr"])
        _wait_result(qtbot, k)
        assert shows(k, "真实有效：这张证明带有税务机关的有效签名，内容未被改动。")
        assert shows(k, "暂时无法连接税务机关核对记录") and cert["serial"] in step_texts(k)
        tap(k.window.step.next_button)
        _open(k, "certificate_check")
        _scan(qtbot, k, altered_amount(cert["qr"]))
        _wait_result(qtbot, k)
        assert shows(k, "签名无效，它可能是伪造的或被改动过")
    finally:
        k.shutdown()


def test_a_terminal_that_never_had_the_key_says_so_offline(qtbot, unreachable_kiosk,
                                                            seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    k, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=5000)
    _open(k, "certificate_check")
    started = time.monotonic()
    _scan(qtbot, k, cert["qr"])
    assert "尚未收到税务机关的查验密钥" in w.step.banner.text()
    assert time.monotonic() - started < 5


def test_a_keyboard_wedge_scanner_answers_the_scan_step(qtbot, tmp_path, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    cert = certificate(seeded_bureau)
    wedge = {"driver": "keyboard_wedge", "max_gap_ms": 120.0}  # generous: this machine is shared and slow
    config = service_config(tmp_path, seeded_bureau.url, seeded_bureau.key, scanner=wedge)
    k = build_kiosk(qtbot, config)
    try:
        qtbot.waitUntil(lambda: k.link.state == LinkState.UP, timeout=10000)
        _open(k, "certificate_check")
        QTest.keyClicks(k.window.step, cert["qr"], Qt.KeyboardModifier.NoModifier, 1)  # a burst, as the scanner types
        QTest.keyClick(k.window.step, Qt.Key.Key_Return)
        _wait_result(qtbot, k)
        assert shows(k, "真实有效") and cert["serial"] in step_texts(k)
    finally:
        k.shutdown()


def test_the_bureau_going_away_mid_check_is_worded_and_the_check_can_be_retried(
        qtbot, tmp_path, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    issued = invoice(seeded_bureau)
    port = free_port()
    k = build_kiosk(qtbot, service_config(tmp_path, f"http://127.0.0.1:{port}", seeded_bureau.key))
    w = k.window
    try:
        with bureau_on(seeded_bureau, port):
            qtbot.waitUntil(lambda: k.link.state == LinkState.UP, timeout=10000)
            _open(k, "invoice_check")
            _scan(qtbot, k, issued["qr"])  # read here: no bureau needed for the fields
        assert w.step.title.text() == "发票信息"
        tap(w.step.next_button)
        qtbot.waitUntil(lambda: w.step.banner.isVisible() and not k.engine.busy_now, timeout=10000)
        assert "暂时无法连接税务局系统" in w.step.banner.text() and w.step.next_button.isEnabled()
        with bureau_on(seeded_bureau, port):
            tap(w.step.next_button)  # the way on: once the link is back, the same check again
            _wait_result(qtbot, k)
        assert shows(k, "查验通过")
    finally:
        k.shutdown()
