"""Bad inputs and faults of the identity and document services: each ends in a clear message and a way on.

Unknown taxpayer, unreadable card, no face in front of the camera, the bureau unreachable
(before the service, at the lookup, at the face check), no payments to reprint; and Back /
Cancel at every step, one tap from home to the first step.
"""

from __future__ import annotations

import pytest
from service_rig import (
    CHECK,
    FACE,
    IDENTIFY,
    YEAR,
    SeededBureau,
    show_face,
    step_title,
    tap,
    tap_choice,
    type_on_keypad,
    wait_for_banner,
    wait_for_step,
)

from drivers.camera.sim import drawn_face
from drivers.idcard.record import CardType
from drivers.idcard.sim import Fault
from kiosk.link import LinkState
from kiosk.services import identity
from kiosk.services.records import record_flows

NOT_ON_FILE = "税务局没有此证件号码的纳税人信息，请核对号码，或到服务窗口咨询。"
SERVICES = [f.id for f in record_flows()]


def _type(kiosk, number: str) -> None:  # type: ignore[no-untyped-def]
    tap(next(b for b in kiosk.window.step.method_group.buttons() if b.property("method") == "type"))
    type_on_keypad(kiosk, number)


def test_an_unknown_taxpayer_is_told_and_can_correct_the_number(qtbot, service_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["iit_certificate"])
    _type(kiosk, "11010519491231002X")  # a valid number nobody on file has
    tap(w.step.next_button)
    assert wait_for_banner(qtbot, kiosk) == NOT_ON_FILE
    assert step_title(kiosk) == IDENTIFY and w.step.next_button.isEnabled()
    type_on_keypad(kiosk, "⌫" * 18)
    type_on_keypad(kiosk, "110101199003071233")  # 张三's number (drivers/idcard/samples.py)
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, FACE)


def test_an_unreadable_card_asks_for_it_again(qtbot, service_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk, w = service_kiosk, service_kiosk.window
    sim = kiosk.id_reader.simulator
    kiosk.start_session()
    tap(w.home.tiles["si_payment_list"])
    sim.inject(Fault.READ_FAIL)
    sim.place(CardType.RESIDENT)
    assert wait_for_banner(qtbot, kiosk) == "未能读取您的证件，请取下后重新平放在读卡区。"
    sim.lift()
    qtbot.wait(700)
    sim.place(CardType.RESIDENT)
    wait_for_step(qtbot, kiosk, FACE)


def test_no_face_in_front_of_the_camera_asks_again(qtbot, service_kiosk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(identity, "FACE_WAIT_S", 1.0)
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["tax_record_list"])
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    wait_for_step(qtbot, kiosk, FACE)
    tap(w.step.next_button)  # nobody in front of the camera (the simulated empty hall)
    assert wait_for_banner(qtbot, kiosk) == "未检测到人脸。请站在屏幕前正对摄像头，然后再次点击“确认办理”。"
    kiosk.camera.simulator.present(drawn_face())
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, YEAR)


def test_the_bureau_down_before_the_service_offers_what_works(qtbot, unreachable_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk, w = unreachable_kiosk, unreachable_kiosk.window
    qtbot.waitUntil(lambda: kiosk.link.state == LinkState.DOWN, timeout=10000)
    kiosk.start_session()
    tap(w.home.tiles["iit_certificate"])
    assert w.current_screen() is w.message and kiosk.engine.step is None
    assert "税务局" in w.message.body.text() and "取号" in w.message.body.text()
    tap(w.message.back_button)
    assert w.current_screen() is w.home


@pytest.mark.parametrize("at", ["lookup", "face"])
def test_the_bureau_lost_mid_service_says_so_and_cancel_leads_home(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, at: str) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["iit_certificate"])
    if at == "lookup":
        seeded_bureau.stop()
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        assert wait_for_banner(qtbot, kiosk) == "暂时无法连接税务局系统，请稍后再试，或到服务窗口咨询。"
    else:
        kiosk.id_reader.simulator.place(CardType.RESIDENT)
        wait_for_step(qtbot, kiosk, FACE)
        seeded_bureau.stop()
        kiosk.camera.simulator.present(drawn_face())
        tap(w.step.next_button)
        assert wait_for_banner(qtbot, kiosk) == "暂时无法连接税务局，身份核验无法进行。请稍后再试，或到服务窗口办理。"
        assert w.step.next_button.isEnabled()  # trying again is a way on once the link is back
    tap(w.step.cancel_button)
    assert w.current_screen() is w.home and kiosk.engine.context == {}


def test_no_payments_means_no_voucher_to_reprint(qtbot, service_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["voucher_reprint"])
    kiosk.id_reader.simulator.place(CardType.HMT_PERMIT)
    show_face(qtbot, kiosk)
    assert wait_for_banner(qtbot, kiosk).startswith("税务局没有您已完成的缴款记录")
    tap(w.step.cancel_button)
    assert w.current_screen() is w.home


@pytest.mark.parametrize("service", SERVICES)
def test_one_tap_to_the_first_step_then_back_and_cancel_everywhere(  # type: ignore[no-untyped-def]
        qtbot, service_kiosk, seeded_bureau: SeededBureau, service: str) -> None:
    kiosk, w = service_kiosk, service_kiosk.window
    if service == "voucher_reprint":
        seeded_bureau.paid_order(seeded_bureau.taxpayer()["id_number"],
                                 [{"kind": "fee", "description": "证明工本费", "amount_cents": 36000}])
    kiosk.start_session()
    tap(w.home.tiles[service])
    assert step_title(kiosk) == IDENTIFY  # one tap from home
    kiosk.id_reader.simulator.place(CardType.RESIDENT)
    show_face(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.engine.index == 2 and not kiosk.engine.busy_now, timeout=15000)
    chooser = step_title(kiosk)
    tap_choice(kiosk, "")  # the first choice
    tap(w.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    tap(w.step.back_button)
    wait_for_step(qtbot, kiosk, chooser)
    tap(w.step.back_button)
    wait_for_step(qtbot, kiosk, FACE)
    tap(w.step.back_button)
    wait_for_step(qtbot, kiosk, IDENTIFY)
    tap(w.step.back_button)  # back from the first step leaves the service
    assert w.current_screen() is w.home
    for steps_in in range(2):  # cancel from the identify step and from the face step
        tap(w.home.tiles[service])
        if steps_in:
            kiosk.id_reader.simulator.lift()
            qtbot.wait(700)
            kiosk.id_reader.simulator.place(CardType.RESIDENT)
            wait_for_step(qtbot, kiosk, FACE)
        tap(w.step.cancel_button)
        assert w.current_screen() is w.home and kiosk.engine.step is None


def test_a_card_whose_number_the_bureau_cannot_look_up_says_where_to_go(qtbot, service_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk, w = service_kiosk, service_kiosk.window
    kiosk.start_session()
    tap(w.home.tiles["si_summary"])
    kiosk.id_reader.simulator.place(CardType.FOREIGN_PR_2017)  # its 15-character number is not a GB 11643 one
    assert wait_for_banner(qtbot, kiosk) == "本机无法向税务局查询此类证件号码，请到服务窗口办理。"
    assert step_title(kiosk) == IDENTIFY
    tap(w.step.cancel_button)
    assert w.current_screen() is w.home
