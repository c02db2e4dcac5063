"""Entering diagnostics: corner gesture then PIN, lockout after wrong PINs, technician cards; all audited."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from diag_helpers import PIN, audit_actions, card, enter_with_pin, type_pin  # type: ignore[import-not-found]
from PySide6.QtCore import QPoint, Qt
from ready import wait_devices_online  # type: ignore[import-not-found]

from kiosk.diag.access import PinLockout, hash_pin, verify_pin


def tap(qtbot, window, x: int, y: int) -> None:  # type: ignore[no-untyped-def]
    """A tap where a finger would land: on whatever widget is at that point of the window."""
    point = QPoint(x, y)
    target = window.childAt(point) or window
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, point))


def corners(window) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    w, h = window.width(), window.height()
    return [(10, 10), (w - 10, 10), (w - 10, h - 10), (10, h - 10)]


def test_four_corner_taps_open_the_pin_entry(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    w, d = diag_kiosk.window, diag_kiosk.diagnostics
    for x, y in corners(w):
        tap(qtbot, w, x, y)
    assert w.current_screen() is d.screen and d.screen.currentWidget() is d.screen.entry
    assert not d.active  # the PIN is still to come
    assert [a["action"] for a in audit_actions_when_written(qtbot, diag_kiosk, 1)] == ["entry_gesture"]


def audit_actions_when_written(qtbot, kiosk, count: int) -> list[dict]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: len(audit_actions(kiosk)) >= count, timeout=5000)
    return audit_actions(kiosk)


def test_taps_in_the_wrong_order_or_too_slow_do_nothing(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    w, d = diag_kiosk.window, diag_kiosk.diagnostics
    c = corners(w)
    for x, y in (c[0], c[2], c[1], c[3]):  # not clockwise
        tap(qtbot, w, x, y)
    assert w.current_screen() is not d.screen
    now = [1000.0]
    d.gesture._clock = lambda: now[0]
    for x, y in c:
        tap(qtbot, w, x, y)
        now[0] += 3.0  # 9 s in all: longer than the 8 s allowed
    assert w.current_screen() is not d.screen
    tap(qtbot, w, w.width() // 2, w.height() // 2)  # a tap elsewhere starts the gesture over
    for x, y in c[:3]:
        tap(qtbot, w, x, y)
    tap(qtbot, w, w.width() // 2, 300)
    tap(qtbot, w, *c[3])
    assert w.current_screen() is not d.screen


def test_the_right_pin_enters_and_ends_the_taxpayer_session(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    diag_kiosk.start_session()
    diag_kiosk.session.put("identity", {"id_number": "x"})
    d = enter_with_pin(qtbot, diag_kiosk)
    assert diag_kiosk.window.current_screen() is d.screen and d.screen.currentWidget() is d.screen.menu
    assert not diag_kiosk.session.active and not diag_kiosk.session.has_personal_data()
    assert d.screen.menu.who.text() == "终端 GD-DEMO-0001 · 已通过 PIN 进入"  # the default language
    actions = audit_actions_when_written(qtbot, diag_kiosk, 2)
    assert [a["action"] for a in actions] == ["entry_gesture", "entered"]
    assert actions[1]["who"] == "pin" and actions[1]["terminal_id"] == diag_config.terminal.id
    d.screen.menu.language_button.click()
    qtbot.waitUntil(lambda: d.screen.menu.leave_button.text() == "Leave diagnostics", timeout=3000)
    assert d.screen.menu.who.text() == "Terminal GD-DEMO-0001 · entered with the PIN"
    d.screen.menu.leave_button.click()
    assert diag_kiosk.window.current_screen() is diag_kiosk.window.attract and not d.active
    assert diag_kiosk.session.language == "zh_CN"  # the next taxpayer gets the default language
    assert audit_actions_when_written(qtbot, diag_kiosk, 3)[-1]["action"] == "left"


def test_the_config_holds_only_a_slow_hash_of_the_pin(diag_config) -> None:  # type: ignore[no-untyped-def]
    stored = diag_config.diagnostics.pin_hash
    assert PIN not in stored
    scheme, n, r, p, salt, digest = stored.split("$")
    assert scheme == "scrypt" and int(n) >= 2**15 and int(r) == 8 and len(bytes.fromhex(salt)) == 16
    assert verify_pin(PIN, stored) and not verify_pin("135790", stored)
    assert hash_pin(PIN) != stored  # salted: the same PIN never gives the same hash
    assert not verify_pin(PIN, "garbage") and not verify_pin(PIN, "")


def test_five_wrong_pins_lock_entry_for_a_growing_period(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    d = diag_kiosk.diagnostics
    entry = d.screen.entry
    now = [10_000.0]
    d.lockout._clock = lambda: now[0]
    d.open_entry()

    def wrong_pins(count: int) -> None:
        for _ in range(count):
            checked = len([a for a in audit_actions(diag_kiosk) if a["action"] == "pin_refused"])
            type_pin(diag_kiosk, "000000")
            qtbot.waitUntil(lambda c=checked: len([a for a in audit_actions(diag_kiosk)
                                                   if a["action"] == "pin_refused"]) == c + 1, timeout=10000)

    wrong_pins(4)
    assert entry.banner.text() == "PIN 错误，还可尝试 1 次。" and entry.keypad.isEnabled()
    wrong_pins(1)
    assert entry.banner.text() == "PIN 错误次数过多，已锁定 60 秒。"
    assert not entry.keypad.isEnabled() and not entry.ok_button.isEnabled()
    d.check_pin(PIN)  # even the right PIN is not checked while locked
    qtbot.wait(300)
    assert not d.active
    now[0] += 61
    qtbot.waitUntil(lambda: entry.keypad.isEnabled(), timeout=3000)
    assert not entry.banner.isVisible() and entry.banner.text() == ""  # no "locked 1 s" left behind
    wrong_pins(5)  # the second lockout in a row lasts twice as long
    assert entry.banner.text() == "PIN 错误次数过多，已锁定 120 秒。"
    refused = [a for a in audit_actions(diag_kiosk) if a["action"] == "pin_refused"]
    assert [a["locked_s"] for a in refused] == [0, 0, 0, 0, 60, 0, 0, 0, 0, 120]
    # a restart (the file is read again) does not lift the lockout
    again = PinLockout(diag_config.paths.data() / "diag_entry.json", 5, 60.0, clock=lambda: now[0])
    assert again.lockouts == 2 and 119 < again.remaining_s() <= 120
    assert oct((diag_config.paths.data() / "diag_entry.json").stat().st_mode & 0o777) == "0o600"
    now[0] += 121
    qtbot.waitUntil(lambda: entry.keypad.isEnabled(), timeout=3000)
    type_pin(diag_kiosk, PIN)
    qtbot.waitUntil(lambda: d.active, timeout=10000)
    assert json.loads((diag_config.paths.data() / "diag_entry.json").read_text())["lockouts"] == 0


def scan(kiosk, payload: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.scanner.simulator.scan(payload)


def test_a_valid_technician_card_enters_offline(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    d = diag_kiosk.diagnostics
    scan(diag_kiosk, card("TC0042", "李技师"))
    qtbot.waitUntil(lambda: d.active, timeout=10000)
    assert d.screen.currentWidget() is d.screen.menu and "TC0042" in d.screen.menu.who.text()
    entered = [a for a in audit_actions_when_written(qtbot, diag_kiosk, 1) if a["action"] == "entered"][0]
    assert entered["who"] == "card:TC0042" and entered["checked"] == "offline"  # the bureau is unreachable


def test_forged_expired_and_revoked_cards_are_refused(qtbot, diag_kiosk, diag_config) -> None:  # type: ignore[no-untyped-def]
    from kiosk.diag.access import RevocationList

    d = diag_kiosk.diagnostics
    d.open_entry()
    RevocationList(diag_config.paths.data() / "technician_cards_revoked.json").save(["TC0666"])
    cases = [
        (card(key=Ed25519PrivateKey.generate()), "invalid", "这不是有效的技术员卡。"),
        (card(expires_in_s=-60), "expired", "此技术员卡已过期。"),
        (card("TC0666"), "revoked", "此技术员卡已被吊销。"),
    ]
    for n, (payload, status, shown) in enumerate(cases, start=1):
        scan(diag_kiosk, payload)
        qtbot.waitUntil(lambda n=n: len([a for a in audit_actions(diag_kiosk) if a["action"] == "card_refused"]) == n,
                        timeout=10000)
        refused = [a for a in audit_actions(diag_kiosk) if a["action"] == "card_refused"][-1]
        assert refused["status"] == status
        assert d.screen.entry.banner.text() == shown
        assert not d.active


def test_a_card_the_bureau_revoked_is_refused_online(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Online, the bureau's answer counts: a card revoked there is refused though no list was fetched yet."""
    from diag_helpers import diag_settings, live_bureau_module  # type: ignore[import-not-found]

    from bureau import docsign
    from bureau import store as bureau_store
    from bureau.app import create_app
    from bureau.auth import add_terminal
    from bureau.technicians import issue_card, revoke_card
    from kiosk.config import parse_config
    from kiosk.startup import build

    fixtures = live_bureau_module()
    engine = bureau_store.open_engine(f"sqlite:///{tmp_path / 'bureau.db'}")
    key_file = tmp_path / "terminal.key"
    key_file.write_text(add_terminal(engine, "GD-DEMO-0001"))
    key_file.chmod(0o600)
    good_id, good = issue_card(engine, "王技师")
    bad_id, bad = issue_card(engine, "赵技师")
    revoke_card(engine, bad_id)
    with fixtures.ThreadedServer(create_app(engine)) as server:
        settings = diag_settings(tmp_path, url=server.url, terminal_key_file=str(key_file), timeout_s=3.0)
        settings["diagnostics"]["card_public_key"] = docsign.public_key_hex(engine)
        _, kiosk = build(parse_config(settings))
        qtbot.addWidget(kiosk.window)
        kiosk.show(fullscreen=False)
        try:
            wait_devices_online(qtbot, kiosk)
            d = kiosk.diagnostics
            scan(kiosk, bad)
            qtbot.waitUntil(lambda: any(a["action"] == "card_refused" for a in audit_actions(kiosk)), timeout=10000)
            refused = [a for a in audit_actions(kiosk) if a["action"] == "card_refused"][0]
            assert (refused["status"], refused["checked"], refused["card"]) == ("revoked", "bureau", bad_id)
            assert not d.active
            assert bad_id in d.revocations.load()  # kept for when the bureau cannot be reached
            scan(kiosk, good)
            qtbot.waitUntil(lambda: d.active, timeout=10000)
            entered = [a for a in audit_actions(kiosk) if a["action"] == "entered"][0]
            assert entered["who"] == f"card:{good_id}" and entered["checked"] == "bureau"
        finally:
            kiosk.shutdown()


def _key_spots(window, entry) -> dict[str, tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    spots = {}
    for key, button in list(entry.keypad.buttons.items()) + [("ok", entry.ok_button), ("cancel", entry.cancel_button)]:
        if button.isVisible():
            corner = button.mapTo(window, QPoint(0, 0))
            spots[key] = (corner.x(), corner.y(), button.width(), button.height())
    return spots


def test_the_pin_keys_never_move_and_look_off_while_locked(qtbot, diag_kiosk) -> None:  # type: ignore[no-untyped-def]
    """The error banner appeared above the keys and pushed them 85 px down: six taps at the old
    positions gave four digits. It now sits under them, and locked keys look it."""
    w, d = diag_kiosk.window, diag_kiosk.diagnostics
    entry = d.screen.entry
    now = [10_000.0]
    d.lockout._clock = lambda: now[0]
    d.open_entry()
    qtbot.wait(50)
    before = _key_spots(w, entry)
    enabled_look = entry.keypad.buttons["1"].grab().toImage()
    for attempt in range(5):
        type_pin(diag_kiosk, "000000")
        qtbot.waitUntil(lambda a=attempt: len([x for x in audit_actions(diag_kiosk)
                                              if x["action"] == "pin_refused"]) == a + 1, timeout=10000)
        qtbot.wait(20)
        assert entry.banner.isVisible() and _key_spots(w, entry) == before, entry.banner.text()
    assert "已锁定" in entry.banner.text() and not entry.keypad.buttons["1"].isEnabled()
    locked_look = entry.keypad.buttons["1"].grab().toImage()
    assert locked_look != enabled_look  # the digits look off, not only refuse taps
    now[0] += 61
    qtbot.waitUntil(lambda: entry.keypad.isEnabled(), timeout=3000)
    assert not entry.banner.isVisible() and _key_spots(w, entry) == before
