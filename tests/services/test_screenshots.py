"""The screenshot walker reaches every step of every registered flow (so the screenshots cover them all)."""

from __future__ import annotations

from pathlib import Path

from screenshots import run

from kiosk.services import all_flows


def test_every_step_of_every_flow_is_shot(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    walker = run(tmp_path, ["en"], None)
    assert walker.problems == []
    for flow in all_flows().values():
        shots = sorted((tmp_path / "en" / flow.id).glob("*.png"))
        kinds = {p.stem.split("-", 1)[1].split("-")[0] for p in shots}
        assert kinds == {s.kind.value for s in flow.steps}, flow.id
    assert (tmp_path / "en" / "01-home.png").stat().st_size > 10_000
