"""Checks by a typed code, for a paper whose QR will not scan: the 验证码 beside a certificate's
QR, an invoice's 验证码 or 20-digit 发票号码, typed on the scan step's keypad. The verdict and the
names shown (masked, to match the paper) are those of a scanned code."""

from __future__ import annotations

from check_rig import certificate, invoice, shows, step_texts
from service_rig import SeededBureau, tap, type_on_keypad

from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from kiosk.link import LinkState
from taxcore import doclink
from taxcore.masking import mask_name

HOLDER = str(CARDS[CardType.RESIDENT]["name"])
BUYER = "广州某某科技有限公司"  # check_rig.invoice's buyer


def _open(kiosk, service: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.start_session()
    tap(kiosk.window.home.tiles[service])


def _submit_typed(qtbot, kiosk, digits: str) -> None:  # type: ignore[no-untyped-def]
    """Type on the scan step's keypad and tap "Next"; return once the step has answered."""
    step = kiosk.window.step
    for _ in range(len(step.inputs[0].value)):
        tap(step.inputs[0].keypad.buttons["⌫"])
    type_on_keypad(kiosk, digits)
    answers: list[object] = []
    kiosk.engine.failed.connect(answers.append)
    kiosk.engine.step_entered.connect(answers.append)
    try:
        tap(step.next_button)
        qtbot.waitUntil(lambda: bool(answers) and not kiosk.engine.busy_now, timeout=10000)
    finally:
        kiosk.engine.failed.disconnect(answers.append)
        kiosk.engine.step_entered.disconnect(answers.append)


def test_a_typed_verification_code_checks_the_certificate_and_names_its_holder_masked(
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    code = doclink.code_of(cert["qr"]).replace(" ", "")  # as printed beside the QR, without its spaces
    k, w = service_kiosk, service_kiosk.window
    _open(k, "certificate_check")
    assert w.step.title.text() == "请扫描税收证明上的二维码" and w.step.next_button.isVisible()
    type_on_keypad(k, code[:15])
    assert not w.step.next_button.isEnabled()  # 15 digits: not yet
    _submit_typed(qtbot, k, code)  # cleared with ⌫, typed whole
    assert w.step.title.text() == "查验结果", step_texts(k)
    assert shows(k, "真实有效：这张证明由税务机关签发") and cert["serial"] in step_texts(k)
    assert mask_name(HOLDER) in step_texts(k) and not shows(k, HOLDER)  # the name to match the paper, masked


def test_a_wrong_code_is_worded_and_can_be_corrected_even_after_a_refused_scan(
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    code = doclink.code_of(cert["qr"]).replace(" ", "")
    k, w = service_kiosk, service_kiosk.window
    _open(k, "certificate_check")
    k.scanner.simulator.scan("12345")  # a smudge: refused, and left in the step's context
    qtbot.waitUntil(lambda: "这不是税务机关在票证上使用的二维码" in w.step.banner.text(), timeout=10000)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    _submit_typed(qtbot, k, wrong)
    assert w.step.title.text() == "请扫描税收证明上的二维码"
    assert "没有票证使用这个号码" in w.step.banner.text() and w.step.next_button.isEnabled()
    _submit_typed(qtbot, k, code)  # corrected: the typed code is checked, not the smudge scanned before
    assert w.step.title.text() == "查验结果" and shows(k, "真实有效")


def test_an_invoice_found_by_its_number_shows_seller_and_buyer_masked(
        qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:
    issued = invoice(seeded_bureau, cents=12345)
    number = issued["serial"]
    assert len(number) == 20 and number.isdigit()  # a 数电票's 发票号码: typed on the keypad
    k, w = service_kiosk, service_kiosk.window
    _open(k, "invoice_check")
    _submit_typed(qtbot, k, number)
    assert w.step.title.text() == "发票信息", step_texts(k)
    texts = step_texts(k)
    assert number in texts and "￥123.45" in texts
    assert mask_name(HOLDER) in texts and mask_name(BUYER) in texts and not shows(k, BUYER)
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: w.step.title.text() == "查验结果" and not k.engine.busy_now, timeout=10000)
    assert shows(k, "查验通过")
    tap(w.step.cancel_button)
    _open(k, "invoice_check")  # and by the 验证码 printed on it
    _submit_typed(qtbot, k, doclink.code_of(issued["qr"]).replace(" ", ""))
    assert w.step.title.text() == "发票信息" and number in step_texts(k)


def test_a_typed_code_with_the_link_down_says_to_scan_instead(
        qtbot, unreachable_kiosk, seeded_bureau: SeededBureau) -> None:
    cert = certificate(seeded_bureau)
    k, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: k.link.state == LinkState.DOWN, timeout=5000)
    _open(k, "certificate_check")
    _submit_typed(qtbot, k, doclink.code_of(cert["qr"]).replace(" ", ""))
    assert "请改为扫描二维码：断网时也能查验" in w.step.banner.text()
    assert w.step.title.text() == "请扫描税收证明上的二维码"


