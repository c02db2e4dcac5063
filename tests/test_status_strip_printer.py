"""The status strip shows the receipt printer's paper as the simulated printer reports it.

The printer's supervisor reads its status every few seconds; the test reads it at once (as a
poll would) so it need not wait for the next one; the change travels the same way to the strip.
"""

from __future__ import annotations


def test_strip_follows_the_simulated_printer(qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
    strip = kiosk.window.strip
    sim = kiosk.printer.sim
    assert sim is not None
    qtbot.waitUntil(lambda: strip.paper_state == "full", timeout=10000)
    assert strip.paper.text() == "凭条纸：正常"
    sim.paper_low()
    kiosk.printer.refresh()
    qtbot.waitUntil(lambda: strip.paper_state == "low", timeout=10000)
    assert strip.paper.text() == "凭条纸：即将用完"
    sim.open_cover()
    kiosk.printer.refresh()
    qtbot.waitUntil(lambda: strip.paper_state == "cover_open", timeout=10000)
    assert strip.paper.property("level") == "bad"
    sim.close_cover()
    sim.load_paper()
    kiosk.printer.refresh()
    qtbot.waitUntil(lambda: strip.paper_state == "full", timeout=10000)
