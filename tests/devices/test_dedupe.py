"""One presented code, one event: the window counts from the last sight, not the first."""

from __future__ import annotations

from drivers.scanner.dedupe import Deduper


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_code_held_up_for_long_is_one_scan() -> None:
    clock = Clock()
    dedupe = Deduper(window_s=2.0, clock=clock)
    seen = []
    for _ in range(40):  # a camera sees it 4 times a second for 10 s, far past the window
        seen.append(dedupe.fresh("INV-1"))
        clock.now += 0.25
    assert seen == [True] + [False] * 39


def test_shown_again_after_the_window_is_a_new_scan() -> None:
    clock = Clock()
    dedupe = Deduper(window_s=2.0, clock=clock)
    assert dedupe.fresh("INV-1")
    clock.now += 1.9
    assert not dedupe.fresh("INV-1")  # taken away briefly: the same presentation
    clock.now += 2.1
    assert dedupe.fresh("INV-1")  # out of sight longer than the window: presented again


def test_different_codes_do_not_hold_each_other_back() -> None:
    clock = Clock()
    dedupe = Deduper(window_s=2.0, clock=clock)
    assert dedupe.fresh("INV-1") and dedupe.fresh("INV-2")
    clock.now += 0.5
    assert not dedupe.fresh("INV-1") and not dedupe.fresh("INV-2") and dedupe.fresh("INV-3")


def test_old_codes_are_forgotten() -> None:
    """A payload may be personal: it is not kept as such, and its trace goes with the window."""
    clock = Clock()
    dedupe = Deduper(window_s=2.0, clock=clock)
    dedupe.fresh("etax-id:110101199003071234")
    assert b"110101199003071234" not in repr(vars(dedupe)).encode()
    clock.now += 5.0
    dedupe.fresh("INV-9")
    assert len(dedupe) == 1
