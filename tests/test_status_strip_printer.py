"""The status strip shows the receipt printer's paper as the simulated printer reports it."""

from __future__ import annotations


def test_strip_follows_the_simulated_printer(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    strip = kiosk.window.strip
    sim = kiosk.printer.sim
    assert sim is not None
    qtbot.waitUntil(lambda: strip.paper_state == "full", timeout=10000)
    assert strip.paper.text() == "凭条纸：正常"
    sim.paper_low()
    kiosk.devices.poll()
    qtbot.waitUntil(lambda: strip.paper_state == "low", timeout=10000)
    assert strip.paper.text() == "凭条纸：即将用完"
    sim.open_cover()
    kiosk.devices.poll()
    qtbot.waitUntil(lambda: strip.paper_state == "cover_open", timeout=10000)
    assert strip.paper.property("level") == "bad"
    sim.close_cover()
    sim.load_paper()
    kiosk.devices.poll()
    qtbot.waitUntil(lambda: strip.paper_state == "full", timeout=10000)
