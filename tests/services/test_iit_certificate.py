"""个人所得税完税证明: ID card → face → year → confirm → the bureau's signed certificate on A4 (archive PDF).

Tapped through as a taxpayer would, on the simulated reader, camera and printers, against the
seeded reference bureau; then the PDF's text and the bureau's record of the issue are checked.
"""

from __future__ import annotations

import sqlalchemy as sa
from service_rig import (
    CHECK,
    FACE,
    IDENTIFY,
    RATE,
    RECORD_YEAR,
    YEAR,
    SeededBureau,
    archived_pdfs,
    choose_and_confirm,
    pdf_text,
    show_face,
    shown_texts,
    step_title,
    tap,
    tap_choice,
    wait_for_banner,
    wait_for_step,
    wait_printed,
)

from bureau import docsign, store
from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.idcard.samples import CARDS
from screens.flow.camera_preview import CameraPreview
from taxcore import docpayload
from taxcore.money import uppercase, yuan


def card_then_face(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    """From home: the tile (one tap), 张三's card on the reader, a face in front of the camera, Confirm."""
    w = kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["iit_certificate"])
    assert step_title(kiosk) == IDENTIFY and w.step.identify_method == "card"
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    wait_for_step(qtbot, kiosk, FACE)
    assert "张*" in shown_texts(kiosk)  # the name masked until the face is checked
    kiosk.camera.simulator.present(drawn_face())
    preview = w.step.body.findChild(CameraPreview)
    qtbot.waitUntil(lambda: preview.pixmap() is not None and not preview.pixmap().isNull(), timeout=5000)
    show_face(qtbot, kiosk)


def test_certificate_for_a_year_prints_on_a4_as_the_bureau_issued_it(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    number = CARDS[CardType.RESIDENT]["id_number"]
    card_then_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, YEAR)
    assert not kiosk.camera.active  # the camera rests once the face is checked
    tap_choice(kiosk, f"{RECORD_YEAR}年")
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    shown = set(shown_texts(kiosk))  # a public screen: the name masked, as the bureau answers it before the face
    assert {"个人所得税完税证明", "张*", f"{RECORD_YEAR}年1月至12月"} <= shown and "张三" not in shown
    assert number not in shown_texts(kiosk)  # masked on screen
    tap(w.step.next_button)
    wait_printed(qtbot, kiosk)
    assert "请在A4出纸口取走文件。" in shown_texts(kiosk)
    assert not w.step.back_button.isVisible()  # no going back past a print

    issued = seeded_bureau.documents("iit_certificate")
    assert len(issued) == 1 and issued[0]["id_number"] == number
    assert issued[0]["terminal_id"] == kiosk.config.terminal.id
    with seeded_bureau.engine.connect() as conn:
        tax = conn.execute(sa.select(sa.func.sum(store.iit_records.c.tax_cents))
                           .where(store.iit_records.c.id_number == number)).scalar_one()
    pdfs = archived_pdfs(tmp_path)
    assert len(pdfs) == 1 and pdfs[0].name.startswith(issued[0]["serial"])
    text = pdf_text(pdfs[0])
    total = int(tax)
    for expected in ("中华人民共和国税收完税证明", "张三", number, issued[0]["serial"], "工资薪金",
                     f"{RECORD_YEAR}-03-01 至 {RECORD_YEAR}-03-31", yuan(total), uppercase(total)):
        assert expected in text, expected
    claims = docpayload.verify_payload(docsign.public_key_hex(seeded_bureau.engine), issued[0]["qr"])
    assert claims is not None and claims["s"] == issued[0]["serial"]
    assert kiosk.printer.sim.receipts() == []  # A4 went to the A4 output, not the roll

    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, RATE)
    tap(w.step.rating_group.buttons()[0])
    tap(w.step.next_button)
    qtbot.waitUntil(lambda: w.current_screen() is w.home, timeout=10000)
    assert kiosk.engine.context == {}  # the session's personal data is gone with the flow
    assert len(archived_pdfs(tmp_path)) == 1  # printed exactly once
    kiosk.sync.wake()
    qtbot.waitUntil(lambda: seeded_bureau.transactions("rating") != [], timeout=15000)
    printed = seeded_bureau.transactions("document_printed")
    assert printed == [{"service": "iit_certificate", "serial": issued[0]["serial"], "kind": "iit_certificate",
                        "job_id": pdfs[0].stem, "paper": "a4"}]  # nothing personal in it
    assert seeded_bureau.transactions("rating") == [{"level": 5, "service": "iit_certificate"}]


def test_a_year_without_records_says_so_and_back_leads_to_another(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, tmp_path) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    card_then_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, YEAR)
    choose_and_confirm(qtbot, kiosk, f"{RECORD_YEAR - 1}年")
    assert wait_for_banner(qtbot, kiosk) == f"税务局没有您{RECORD_YEAR - 1}年的记录，请返回选择其他年度。"
    assert seeded_bureau.documents() == [] and archived_pdfs(tmp_path) == []
    tap(w.step.back_button)
    wait_for_step(qtbot, kiosk, YEAR)
    choose_and_confirm(qtbot, kiosk, f"{RECORD_YEAR}年")
    wait_printed(qtbot, kiosk)
    assert len(archived_pdfs(tmp_path)) == 1
    assert len(seeded_bureau.documents("iit_certificate")) == 1


def test_the_bureau_session_ends_with_the_visit(qtbot, service_kiosk, seeded_bureau: SeededBureau) -> None:  # type: ignore[no-untyped-def]
    """Verified at the face step, the kiosk acts for 张三 until its session ends; then neither it
    nor anyone holding the old token can read 张三's records."""
    kiosk = service_kiosk
    card_then_face(qtbot, kiosk)
    wait_for_step(qtbot, kiosk, YEAR)
    sessions = store.taxpayer_sessions
    with seeded_bureau.engine.connect() as conn:
        [row] = conn.execute(sessions.select()).all()
    assert row.ended_at is None and row.id_number == CARDS[CardType.RESIDENT]["id_number"]
    kiosk.session.end("cancelled")
    assert kiosk.bureau.drop_taxpayer() is None  # the kiosk forgot the token at once

    def ended() -> bool:
        with seeded_bureau.engine.connect() as conn:
            return conn.execute(sa.select(sessions.c.ended_at)).scalar_one() is not None

    qtbot.waitUntil(ended, timeout=10000)  # and the bureau was told, off the GUI thread
