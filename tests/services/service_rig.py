"""End-to-end fixtures for taxpayer services: a seeded reference bureau in a thread, and a kiosk
built as `kiosk run` builds it (simulated devices) that talks to it with its own terminal key.

Reusable by every service test:
- `seeded_bureau`: the bureau app on loopback, seeded with `bureau.seed`, the test terminal
  registered, and the sample ID-card holders on file (bureau/card_holders.py, as the demo's
  `bureau seed --card-holders`), so a card on the simulated reader is a taxpayer.
- `service_kiosk`: the kiosk pointed at it (A4 output archiving PDFs into `archive_dir`).
- helpers to tap real buttons, read what the simulated receipt printer printed and the
  text of an archive PDF (pdftotext).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parents[1] / "outbox"))  # bureau_thread
sys.path.append(str(Path(__file__).parents[1]))  # ready, when run as a script (tests/conftest.py adds it too)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bureau_thread import ThreadedServer, free_port  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton  # noqa: E402
from ready import build_kiosk, install_outbox, wait_tappable  # noqa: E402

from bureau import store  # noqa: E402
from bureau.app import create_app  # noqa: E402
from bureau.auth import add_terminal  # noqa: E402
from bureau.card_holders import put_card_holders_on_file  # noqa: E402
from bureau.seed import seed  # noqa: E402
from drivers.idcard.record import CardType  # noqa: E402
from drivers.idcard.samples import CARDS  # noqa: E402
from drivers.printer.parser import PrintedQR, PrintedText  # noqa: E402
from kiosk.config import KioskConfig, parse_config  # noqa: E402
from kiosk.documents.archive import SealedArchive  # noqa: E402
from kiosk.sync_client import BureauClient  # noqa: E402

SERVICE_TERMINAL = "GD-SVC-0001"
RECORD_YEAR = 2025  # bureau.seed writes one year of records


@dataclass
class SeededBureau:
    url: str
    key: bytes
    engine: sa.Engine
    server: ThreadedServer

    def stop(self) -> None:
        """The link to the bureau goes down (the server stops answering on its port)."""
        self.server.__exit__(None, None, None)

    def client(self) -> BureauClient:
        return BureauClient(self.url, SERVICE_TERMINAL, self.key)

    def session_for(self, id_number: str) -> dict[str, str]:
        """Headers of a request acting for a taxpayer verified at the counter's terminal (the test's
        own client; the kiosk gets its session by the face step)."""
        from bureau import sessions

        with self.engine.begin() as conn:
            token, _ = sessions.open_session(conn, SERVICE_TERMINAL, id_number, None, "face")
        return {sessions.HEADER: token}

    def taxpayer(self, card: CardType = CardType.RESIDENT) -> dict[str, Any]:
        number = CARDS[card]["id_number"]
        with self.engine.connect() as conn:
            return dict(conn.execute(store.taxpayers.select().where(store.taxpayers.c.id_number == number))
                        .mappings().one())

    def documents(self, kind: str | None = None) -> list[dict[str, Any]]:
        """What the bureau recorded as issued (one row per certificate, list or voucher)."""
        d = store.documents
        query = d.select().order_by(d.c.issued_at)
        if kind is not None:
            query = query.where(d.c.kind == kind)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def owes(self, id_number: str, arrears: list[tuple[str, str, int, int]]) -> None:
        """Outstanding taxes for a taxpayer: (tax, period, amount in cents, late fee in cents)."""
        with self.engine.begin() as conn:
            conn.execute(store.arrears.insert(), [
                {"id_number": id_number, "tax_kind": tax, "period": period, "amount_cents": cents,
                 "late_fee_cents": fee} for tax, period, cents, fee in arrears])

    def transactions(self, kind: str) -> list[dict[str, Any]]:
        """Payloads of the transactions this kind the terminals' outboxes delivered."""
        t = store.transactions
        with self.engine.connect() as conn:
            return [r.payload for r in conn.execute(sa.select(t.c.payload).where(t.c.kind == kind).order_by(t.c.seq))]

    def paid_order(self, id_number: str, items: list[dict[str, Any]], key: str = "order-1") -> str:
        """An earlier payment: an order made through the API and confirmed by the simulated payer."""
        client = self.client()
        order = client.post_json("/v1/payments/orders", {"order_key": key, "id_number": id_number,
                                                         "items": items}, 5.0, self.session_for(id_number))
        assert order.status == 200, order.body
        assert bureau_pays(order.body["pay_url"]) == 200
        return str(order.body["order_id"])


def bureau_pays(pay_url: str) -> int:
    """The payer's phone opens the payment link and confirms (the bureau's simulated channel)."""
    return requests.post(pay_url, timeout=5).status_code


@contextlib.contextmanager
def running_seeded_bureau(folder: Path) -> Iterator[SeededBureau]:
    """The seeded bureau serving on loopback while the block runs (tests and tests/services/screenshots.py)."""
    engine = store.open_engine(f"sqlite:///{folder / 'bureau.db'}")
    seed(engine, count=20)
    put_card_holders_on_file(engine)
    key = bytes.fromhex(add_terminal(engine, SERVICE_TERMINAL))
    with ThreadedServer(create_app(engine)) as server:
        yield SeededBureau(server.url, key, engine, server)
    engine.dispose()


@pytest.fixture
def seeded_bureau(tmp_path: Path) -> Iterator[SeededBureau]:
    with running_seeded_bureau(tmp_path) as bureau:
        yield bureau


def service_config(tmp_path: Path, bureau_url: str, key: bytes, **devices: dict[str, Any]) -> KioskConfig:
    return parse_config(service_settings(tmp_path, bureau_url, key, **devices))


def service_settings(tmp_path: Path, bureau_url: str, key: bytes, **devices: dict[str, Any]) -> dict[str, Any]:
    """The config file's content (as a dict) of a kiosk linked to the seeded bureau."""
    key_file = tmp_path / "data" / "terminal.key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key.hex())
    key_file.chmod(0o600)  # the kiosk refuses a key others can read
    install_outbox(tmp_path / "data")
    return {
        "terminal": {"id": SERVICE_TERMINAL, "hall": "天河区办税服务厅"},
        "paths": {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")},
        "bureau": {"url": bureau_url, "start_local": False, "timeout_s": 3.0, "health_interval_s": 1.0,
                   "terminal_key_file": str(key_file)},
        "display": {"fullscreen": False},
        "devices": {"a4_printer": {"driver": "sim", "archive_dir": str(tmp_path / "archive")}, **devices},
    }


@pytest.fixture
def service_kiosk(qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The kiosk on simulated devices, linked to the seeded bureau (waits until the link is up)."""
    from kiosk.link import LinkState

    app = build_kiosk(qtbot, service_config(tmp_path, seeded_bureau.url, seeded_bureau.key))
    qtbot.waitUntil(lambda: app.link.state == LinkState.UP, timeout=10000)
    yield app
    app.shutdown()


@pytest.fixture
def unreachable_kiosk(qtbot, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The kiosk with a bureau address nobody answers on (the link is down)."""
    app = build_kiosk(qtbot, service_config(tmp_path, f"http://127.0.0.1:{free_port()}", b"k" * 32))
    yield app
    app.shutdown()


def tap(button: QAbstractButton) -> None:
    """A real press and release on a visible, enabled button, as a finger would (on a settled screen)."""
    wait_tappable(button)
    assert button.isVisible() and button.isEnabled(), f"button {button.text()!r} cannot be tapped"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def tap_choice(kiosk: Any, label: str) -> None:
    """Tap the choice button of the current form step whose label contains `label`."""
    buttons = [b for i in kiosk.window.step.inputs if i.spec.kind in ("choice", "multi") for b in i.group.buttons()]
    matching = [b for b in buttons if label in b.text()]
    assert matching, f"no choice {label!r} among {[b.text() for b in buttons]}"
    tap(matching[0])


def type_on_keypad(kiosk: Any, text: str) -> None:
    keypad = kiosk.window.step.inputs[0].keypad
    for key in text:
        tap(keypad.buttons[key])


def receipt_texts(receipt: list[Any]) -> list[str]:
    return [e.text for e in receipt if isinstance(e, PrintedText)]


def receipt_qr(receipt: list[Any]) -> list[str]:
    return [e.data for e in receipt if isinstance(e, PrintedQR)]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def step_title(kiosk: Any) -> str:
    return str(kiosk.window.step.title.text())


def wait_for_step(qtbot, kiosk: Any, title: str, timeout: int = 15000) -> None:  # type: ignore[no-untyped-def]
    """Until the step titled `title` is on screen and no action is running."""
    qtbot.waitUntil(lambda: step_title(kiosk) == title and not kiosk.engine.busy_now, timeout=timeout)


def wait_for_banner(qtbot, kiosk: Any, timeout: int = 15000) -> str:  # type: ignore[no-untyped-def]
    """Until an error banner shows (the action has ended); its text."""
    step = kiosk.window.step
    qtbot.waitUntil(lambda: step.banner.isVisible() and not kiosk.engine.busy_now
                    and step.banner.property("level") == "bad", timeout=timeout)
    return str(step.banner.text())


def shown_texts(kiosk: Any) -> list[str]:
    """Every text the step body shows (labels), stripped; not those hidden on purpose (another way to identify)."""
    from PySide6.QtWidgets import QLabel

    hidden = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
    return [label.text().strip() for label in kiosk.window.step.body.findChildren(QLabel)
            if label.text() and not (label.testAttribute(hidden) and label.isHidden())]


def archived_pdfs(config_dir: Path) -> list[Path]:
    """The archived A4 pages, opened (as `kiosk printer archive open` does) into plain PDFs to read."""
    if not (config_dir / "data" / "archive.key").exists():
        return []
    return SealedArchive.for_reading(config_dir / "data", config_dir / "archive").open_all(config_dir / "opened")


# Step titles of the identity and document services, as a taxpayer reads them (Chinese).
IDENTIFY = "请出示身份证件"
FACE = "请正对摄像头，核验身份"
YEAR = "请选择所属年度"
CHECK = "请核对打印内容"
TAKE = "请取走您的文件"
RATE = "请对本次服务进行评价"


def show_face(qtbot, kiosk: Any) -> None:  # type: ignore[no-untyped-def]
    """At the face step: a face in front of the simulated camera, then Confirm."""
    wait_for_step(qtbot, kiosk, FACE)
    kiosk.camera.simulator.present(_drawn_face())
    tap(kiosk.window.step.next_button)


def choose_and_confirm(qtbot, kiosk: Any, label: str) -> None:  # type: ignore[no-untyped-def]
    """Pick the choice labelled `label`, Next, then Confirm on the check step."""
    tap_choice(kiosk, label)
    tap(kiosk.window.step.next_button)
    wait_for_step(qtbot, kiosk, CHECK)
    tap(kiosk.window.step.next_button)


def wait_printed(qtbot, kiosk: Any, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: step_title(kiosk) == TAKE and kiosk.engine.context.get("printed") is not None
                    and not kiosk.engine.busy_now, timeout=timeout)


def _drawn_face() -> Any:
    from drivers.camera.sim import drawn_face

    return drawn_face()


@pytest.fixture
def roll_only_kiosk(qtbot, tmp_path: Path, seeded_bureau: SeededBureau) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The kiosk without an A4 printer: documents go to the receipt roll."""
    from kiosk.link import LinkState

    config = service_config(tmp_path, seeded_bureau.url, seeded_bureau.key)
    del config.devices["a4_printer"]
    app = build_kiosk(qtbot, config)
    qtbot.waitUntil(lambda: app.link.state == LinkState.UP, timeout=10000)
    yield app
    app.shutdown()
