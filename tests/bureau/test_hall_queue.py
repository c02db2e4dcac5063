"""The hall's calling queue: a ticket registered online learns who is ahead, the outbox's copy of it
is the same ticket, a counter calls the next number and the display shows it, staff calls show
until answered, and the comfort index's levels follow the week and the hall's hours."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from sqlalchemy.engine import Engine

from bureau import hall, store
from bureau.cli import main as bureau_cli

TODAY = datetime.datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)


def _ticket(terminal: Any, number: str, business: str = "A", minutes: int = 0, txn: str | None = None) -> Any:
    """POST /v1/tickets as a terminal online does; the answer's JSON (a 409's error body when refused)."""
    issued = (TODAY + datetime.timedelta(minutes=minutes)).isoformat("T", "seconds")
    body = {"hall_id": "H1", "number": number, "service_id": business, "issued_at": issued,
            "txn_id": txn or str(uuid.uuid4())}
    return terminal.post("/v1/tickets", body).json()


def test_people_ahead_count_the_same_business_and_leave_when_called(terminal: Any, engine: Engine) -> None:
    assert _ticket(terminal, "A01-001")["ahead"] == 0
    assert _ticket(terminal, "B01-001", "B", 1)["ahead"] == 0  # another business has its own queue
    txn = str(uuid.uuid4())
    assert _ticket(terminal, "A01-002", minutes=2, txn=txn)["ahead"] == 1
    again = _ticket(terminal, "A01-002", minutes=2, txn=txn)
    assert again["duplicate"] is True and again["ahead"] == 1  # a resend is the same ticket
    assert _ticket(terminal, "A01-009", minutes=2, txn=txn)["error"]["code"] == "key_conflict"  # another ticket
    call = hall.call_next(engine, "H1", "3", "A", now=TODAY + datetime.timedelta(minutes=5))
    assert call is not None and (call["number"], call["counter"]) == ("A01-001", "3")
    assert _ticket(terminal, "A01-003", minutes=6)["ahead"] == 1  # A01-002 only
    # The outbox brings the online ticket again under the same transaction id: one ticket, batch accepted.
    item = {"id": txn, "seq": 1, "kind": "queue_ticket", "created_at": TODAY.isoformat(),
            "payload": {"number": "A01-002", "business": "A", "station": 1, "hall_id": "H1",
                        "issued_at": (TODAY + datetime.timedelta(minutes=2)).isoformat()}}
    answer = terminal.post("/v1/transactions/batch", {"terminal_id": "T-0001", "items": [item]}).json()
    assert [r["status"] for r in answer["results"]] == ["accepted"]
    assert hall.board(engine, "H1", TODAY)["waiting"] == {"A": 2, "B": 1}


def test_the_display_calls_numbers_and_shows_staff_calls(terminal: Any, client: Any, engine: Engine) -> None:
    page = client.get("/hall/H1/display")
    assert page.status_code == 200 and "暂未叫号" in page.text
    assert "http-equiv='refresh'" in page.text and "<script" not in page.text
    _ticket(terminal, "A01-001")
    _ticket(terminal, "A01-002", minutes=1)
    hall.call_next(engine, "H1", "2")
    text = client.get("/hall/H1/display").text
    assert "请 A01-001 号到 2 号窗口" in text and "等候 1 人" in text
    request = str(uuid.uuid4())
    assert terminal.post("/v1/halls/H1/help", {"request_id": request})
    assert terminal.post("/v1/halls/H1/help", {"request_id": request}).json()["duplicate"] is True
    assert "终端 T-0001 需要工作人员协助" in client.get("/hall/H1/display").text
    assert hall.answer_help(engine, "H1", "T-0001") == 1
    assert "需要工作人员协助" not in client.get("/hall/H1/display").text
    assert terminal.post("/v1/halls/H1/help", {"request_id": "x", "how": "rm -rf"}).status_code == 422


def test_call_next_from_the_command_line(terminal: Any, engine: Engine, capsys: Any) -> None:
    url = str(engine.url.render_as_string(hide_password=False))
    assert bureau_cli(["hall", "call-next", "--db", url, "--hall", "H1", "--counter", "5"]) == 1
    assert "nobody is waiting" in capsys.readouterr().err
    _ticket(terminal, "C01-001", "C")
    assert bureau_cli(["hall", "call-next", "--db", url, "--hall", "H1", "--counter", "5", "--business", "AB"]) == 1
    assert bureau_cli(["hall", "call-next", "--db", url, "--hall", "H1", "--counter", "5", "--business", "C"]) == 0
    assert "C01-001 → counter 5" in capsys.readouterr().out


def test_comfort_levels_per_weekday_from_past_days_only(terminal: Any, engine: Engine) -> None:
    # Two past weeks: Monday mornings busy (8 an hour), Tuesdays quiet (1), other hours 3.
    rows = []
    for week in range(2):
        for day in range(5):
            for hour in range(9, 17):
                count = 8 if day == 0 and hour < 12 else 1 if day == 1 else 3
                at = datetime.datetime(2026, 11, 16 + 7 * week + day, hour, 10)
                rows += [dict(kind="ticket", terminal_id="T", hall_id="H2", key=f"{at}/{i}", at=at.timestamp(),
                              data={"hall_id": "H2", "number": "x", "service_id": "A", "issued_at": at.isoformat()})
                         for i in range(count)]
    with engine.begin() as conn:
        conn.execute(store.visits.insert(), rows)
    terminal.post("/v1/tickets", {"hall_id": "H2", "number": "today", "service_id": "A",
                                  "issued_at": datetime.datetime.now().isoformat()})
    index = terminal.get("/v1/halls/H2/comfort").json()
    assert index["days_observed"] == 10  # today's partial day is left out
    assert index["hours"]["zh"] == "周一至周五 09:00–17:00" and index["hours"]["days"] == [1, 2, 3, 4, 5]
    assert (index["levels"]["1"]["09"], index["levels"]["2"]["09"], index["levels"]["3"]["09"]) == (
        "more", "fewer", "moderate")
    assert index["halves"]["1"] == {"am": "more", "pm": "moderate"} and index["halves"]["2"]["pm"] == "fewer"
    assert "17" not in index["levels"]["1"]  # the counters close at 17:00
