"""Service actions' bureau calls: answers as JSON, refusals with the bureau's code, faults worded."""

from __future__ import annotations

import pytest
from conftest import TERMINAL_ID, Bureau, free_port

from bureau import sessions, store
from kiosk.bureau_calls import IDENTIFY_AGAIN, UNREACHABLE, BureauCalls, BureauRefusal
from kiosk.flow.engine import ActionError
from kiosk.messages import Message
from kiosk.sync_client import BureauClient


def calls(url: str, key: bytes) -> BureauCalls:
    return BureauCalls(BureauClient(url, TERMINAL_ID, key), timeout_s=3.0)


def test_a_signed_get_with_a_query_returns_the_answer(bureau: Bureau) -> None:
    answer = calls(bureau.url, bureau.key).get("/v1/content/services?lang=zh")
    assert answer["version"]


def test_an_unknown_taxpayer_is_a_refusal_with_the_bureaus_code(bureau: Bureau) -> None:
    with pytest.raises(BureauRefusal) as caught:
        calls(bureau.url, bureau.key).post("/v1/identity/lookup", {"id_number": "11010519491231002X"})
    assert (caught.value.status, caught.value.code) == (404, "taxpayer_not_found")


def test_a_wrong_key_and_a_dead_bureau_are_messages_for_the_taxpayer(bureau: Bureau) -> None:
    with pytest.raises(ActionError) as refused:
        calls(bureau.url, b"wrong key").post("/v1/ratings", {"level": 5})
    assert not refused.value.retry and "staff" in refused.value.message.source
    with pytest.raises(ActionError) as down:
        calls(f"http://127.0.0.1:{free_port()}", bureau.key).get("/v1/content/services")
    assert down.value.message == UNREACHABLE and down.value.retry


def test_a_query_with_chinese_is_signed_as_it_is_sent(bureau: Bureau) -> None:
    with pytest.raises(BureauRefusal) as caught:  # answered, not refused as a bad signature
        calls(bureau.url, bureau.key).get("/v1/vehicles?plate=粤A00000")
    assert caught.value.code == "vehicle_not_found"


def test_a_refusal_the_service_words_itself_is_its_message_and_no_retry(bureau: Bureau) -> None:
    not_on_file = Message("No such taxpayer")
    with pytest.raises(ActionError) as caught:
        calls(bureau.url, bureau.key).post("/v1/identity/lookup", {"id_number": "11010519491231002X"},
                                           refused=not_on_file)
    assert not isinstance(caught.value, BureauRefusal)
    assert (caught.value.message, caught.value.retry) == (not_on_file, False)
    assert isinstance(caught.value.__cause__, BureauRefusal) and caught.value.__cause__.code == "taxpayer_not_found"


def test_the_taxpayer_session_is_carried_until_the_visit_drops_it(bureau: Bureau) -> None:
    number = "11010519491231002X"
    with bureau.engine.begin() as conn:  # 张三 on file, and verified at this terminal
        conn.execute(store.taxpayers.insert().values(id_number=number, name="张三", gender="M",
                                                     birth_date="1949-12-31"))
        token, _ = sessions.open_session(conn, TERMINAL_ID, number, None, "face")
    kiosk = calls(bureau.url, bureau.key)
    with pytest.raises(ActionError) as before:
        kiosk.get(f"/v1/taxpayers/{number}")
    assert before.value.message == IDENTIFY_AGAIN and not before.value.retry
    kiosk.begin_taxpayer(token)
    assert kiosk.get(f"/v1/taxpayers/{number}")["taxpayer"]["name"] == "张三"
    assert kiosk.drop_taxpayer() == token and kiosk.drop_taxpayer() is None
    with pytest.raises(ActionError) as dropped:
        kiosk.get(f"/v1/taxpayers/{number}")
    assert dropped.value.message == IDENTIFY_AGAIN
    kiosk.end_at_bureau(token)
    kiosk.begin_taxpayer(token)  # the old token, were it kept somewhere, is worth nothing now
    with pytest.raises(ActionError) as ended:
        kiosk.get(f"/v1/taxpayers/{number}")
    assert ended.value.message == IDENTIFY_AGAIN
