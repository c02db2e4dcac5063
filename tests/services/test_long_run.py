"""A terminal runs for months: visit after visit, nothing may pile up (issue 20's soak, short).

bench/soak.py drives a thousand visits and prints the figures; here a few dozen, asserting that
threads, open files, Qt objects and timers stay flat (a leak of one per visit would show as
+15) and memory within a generous bound. No timing is asserted.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from service_rig import SeededBureau, bureau_pays

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import kiosk_rig  # noqa: E402
import soak  # noqa: E402

WARM_UP, VISITS = 3, 15
POOLED = ("AnyIO worker thread", "asyncio-portal")  # the in-process bureau's own idle pool (tests/conftest.py)


def kiosk_threads() -> int:
    return sum(1 for t in threading.enumerate() if not t.name.startswith(POOLED))


def test_visit_after_visit_nothing_piles_up(qtbot, service_kiosk, seeded_bureau: SeededBureau,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    kiosk = service_kiosk
    kiosk_rig.short_idle(kiosk)

    def pay(url: str) -> None:
        assert bureau_pays(url) == 200

    def visits(count: int) -> None:
        for n in range(count):
            seeded_bureau.owes(kiosk_rig.NUMBER, [("印花税", f"2025-{n % 12 + 1:02d}", 1000 + n, 0)])
            kiosk_rig.visit(kiosk, pay)

    data = tmp_path / "data"
    visits(WARM_UP)
    before, threads_before = soak.snapshot(kiosk, data), kiosk_threads()
    visits(VISITS)
    kiosk_rig.turn(0.5)  # what the last visit left to delete is deleted
    after, threads_after = soak.snapshot(kiosk, data), kiosk_threads()
    assert threads_after == threads_before
    assert after["fds"] <= before["fds"] + 2, (before, after)
    # A device poll in flight holds a timer and a task object: a few either way, never one per visit.
    assert after["timers"] <= before["timers"] + 3, (before, after)
    assert after["qobjects"] <= before["qobjects"] + 8, (before, after)
    assert after["widgets"] <= before["widgets"] + 5, (before, after)
    assert after["rss_kb"] - before["rss_kb"] < 40 * 1024, (before, after)
