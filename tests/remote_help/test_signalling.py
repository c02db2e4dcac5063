"""Remote-help signalling through the bureau: who may connect, the queue, the relay of offer/answer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from starlette.websockets import WebSocketDisconnect

from bureau import store
from bureau.app import create_app
from bureau.auth import add_terminal
from bureau.cli import main as bureau_main
from bureau.remote_help import officers
from bureau.remote_help.settings import RemoteHelpSettings
from taxcore import signing

KIOSK_PATH = "/v1/remote-help/kiosk"
PASSWORD = "correct horse 9"
OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = store.open_engine(f"sqlite:///{tmp_path / 'bureau.sqlite3'}")
    officers.add(eng, "li.ming", "李明", PASSWORD)
    yield eng
    eng.dispose()


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(engine)) as c:  # one event loop for every socket of a test
        yield c


def kiosk_headers(engine: Engine, terminal: str = "T-0001") -> dict[str, str]:
    key = bytes.fromhex(add_terminal(engine, terminal))
    return signing.sign_headers(terminal, key, "GET", KIOSK_PATH)


def sign_in(client: TestClient, password: str = PASSWORD) -> int:
    reply = client.post("/officer/sign-in", content=f"login=li.ming&password={password}",
                        headers={"Content-Type": "application/x-www-form-urlencoded"}, follow_redirects=False)
    return reply.status_code


def refusal(client: TestClient, path: str, **kw: object) -> str:
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect(path, **kw) as ws:  # type: ignore[arg-type]
        ws.receive_json()
    assert refused.value.code == 1008
    return str(refused.value.reason)


def test_officer_accounts_from_the_command_line(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'bureau.sqlite3'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("another secret 77\n"))
    assert bureau_main(["officers", "add", "wang.fang", "--name", "王芳", "--password-stdin", "--db", db]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert bureau_main(["officers", "add", "zhao", "--name", "赵", "--password-stdin", "--db", db]) == 2
    assert bureau_main(["officers", "disable", "li.ming", "--db", db]) == 0
    assert bureau_main(["officers", "disable", "nobody", "--db", db]) == 1
    capsys.readouterr()
    assert bureau_main(["officers", "list", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == ["li.ming\t李明\tdisabled", "wang.fang\t王芳\tactive"]
    with engine.connect() as conn:
        stored = " ".join(str(v) for row in conn.execute(officers.officers.select()) for v in row)
    assert "another secret" not in stored and PASSWORD not in stored
    assert officers.sign_in(engine, "wang.fang", "another secret 77") is not None
    assert officers.sign_in(engine, "li.ming", PASSWORD) is None  # disabled


def test_sign_in_page_and_console(client: TestClient) -> None:
    page = client.get("/officer")
    assert page.status_code == 200 and 'name="password"' in page.text and "console.js" not in page.text
    assert sign_in(client, "wrong password") == 401
    assert sign_in(client) == 303
    console = client.get("/officer")
    assert "console.js" in console.text
    assert client.get("/officer/console.js").status_code == 200
    assert client.get("/officer/..%2Fofficers.py").status_code == 404


def test_unsigned_or_badly_signed_kiosk_is_refused(client: TestClient, engine: Engine) -> None:
    assert refusal(client, KIOSK_PATH) == "missing_auth"
    headers = kiosk_headers(engine)
    forged = dict(headers, **{signing.HEADER_SIGNATURE: "0" * 64})
    assert refusal(client, KIOSK_PATH, headers=forged) == "bad_signature"
    with client.websocket_connect(KIOSK_PATH, headers=headers) as ws:
        ws.send_json({"type": "call", "hall": "天河大厅", "service": "home"})
        assert ws.receive_json()["type"] == "queued"
    assert refusal(client, KIOSK_PATH, headers=headers) == "replayed_nonce"


def test_officer_not_signed_in_or_from_another_site_is_refused(client: TestClient) -> None:
    assert refusal(client, "/officer/ws") == "not_signed_in"
    client.cookies.set(officers_cookie(), "made-up-token")
    assert refusal(client, "/officer/ws") == "not_signed_in"
    client.cookies.clear()
    sign_in(client)
    assert refusal(client, "/officer/ws", headers={"Origin": "http://evil.example"}) == "bad_origin"


def officers_cookie() -> str:
    from bureau.remote_help.officer_side import COOKIE

    return COOKIE


def test_call_is_queued_answered_relayed_and_hung_up(client: TestClient, engine: Engine) -> None:
    sign_in(client)
    with client.websocket_connect(KIOSK_PATH, headers=kiosk_headers(engine, "T-0001")) as first, \
            client.websocket_connect(KIOSK_PATH, headers=kiosk_headers(engine, "T-0002")) as second:
        first.send_json({"type": "call", "hall": "天河大厅", "service": "vehicle_tax"})
        assert first.receive_json()["position"] == 1
        second.send_json({"type": "call", "hall": "村服务点", "service": "home"})
        queued = second.receive_json()
        assert queued["position"] == 2 and queued["estimate_s"] > 0
        with client.websocket_connect("/officer/ws") as officer:
            listing = officer.receive_json()
            assert [(c["terminal_id"], c["hall"], c["service"]) for c in listing["calls"]] == [
                ("T-0001", "天河大厅", "vehicle_tax"), ("T-0002", "村服务点", "home")]
            call_id = listing["calls"][0]["call_id"]
            officer.send_json({"type": "accept", "call_id": call_id})
            while (m := officer.receive_json())["type"] != "accepted":
                pass
            while (m := first.receive_json())["type"] != "answered":
                pass
            assert m["officer"] == "李明"
            while (m := second.receive_json())["type"] != "queued" or m["position"] != 1:
                pass  # the line moved up
            first.send_json({"type": "offer", "sdp": OFFER})
            while (m := officer.receive_json())["type"] != "offer":
                pass
            assert m["sdp"] == OFFER
            officer.send_json({"type": "answer", "sdp": OFFER.replace("o=- 1", "o=- 2")})
            assert first.receive_json() == {"type": "answer", "sdp": OFFER.replace("o=- 1", "o=- 2")}
            officer.send_json({"type": "accept", "call_id": listing["calls"][1]["call_id"]})
            while (m := officer.receive_json())["type"] != "error":
                pass
            assert m["code"] == "taken"  # one call at a time per officer
            officer.send_json({"type": "hangup"})
            assert first.receive_json() == {"type": "hangup", "by": "officer"}


def test_a_kiosk_that_hangs_up_is_gone_from_the_officers_list(client: TestClient, engine: Engine) -> None:
    sign_in(client)
    with client.websocket_connect("/officer/ws") as officer:
        assert officer.receive_json()["calls"] == []
        with client.websocket_connect(KIOSK_PATH, headers=kiosk_headers(engine)) as kiosk:
            kiosk.send_json({"type": "call", "hall": "h", "service": "s"})
            assert len(officer.receive_json()["calls"]) == 1
            kiosk.send_json({"type": "offer", "sdp": OFFER})  # nobody answered yet
            while (m := kiosk.receive_json())["type"] != "error":
                pass
            assert m["code"] == "not_now"
            kiosk.send_json({"type": "hangup"})
        while (m := officer.receive_json())["calls"]:
            pass


def test_garbage_is_answered_then_closed(client: TestClient, engine: Engine) -> None:
    with client.websocket_connect(KIOSK_PATH, headers=kiosk_headers(engine)) as kiosk:
        kiosk.send_json({"type": "call", "hall": "h", "service": "s"})
        kiosk.receive_json()
        for junk in ("not json", "[1, 2]", '{"type": "rm -rf"}'):
            kiosk.send_text(junk)
            assert kiosk.receive_json()["code"] == "bad_message"
        with pytest.raises(WebSocketDisconnect) as closed:
            kiosk.receive_json()
        assert closed.value.code == 1008


def test_outside_published_hours_a_call_is_refused(engine: Engine) -> None:
    import datetime as dt

    now = dt.datetime.now()
    start = (now + dt.timedelta(hours=1)).strftime("%H:%M")
    end = (now + dt.timedelta(hours=2)).strftime("%H:%M")
    settings = RemoteHelpSettings(hours=f"{start}-{end}")
    assert not settings.open_at(now) and settings.open_at(now + dt.timedelta(minutes=90))
    with TestClient(create_app(engine, remote_help=settings)) as client, \
            client.websocket_connect(KIOSK_PATH, headers=kiosk_headers(engine)) as kiosk:
        kiosk.send_json({"type": "call", "hall": "h", "service": "s"})
        assert kiosk.receive_json() == {"type": "closed", "hours": settings.hours}
