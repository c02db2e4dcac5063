"""`bureau terminals add`: prints a usable key and writes it to a 0600 file when asked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from bureau import store
from bureau.app import create_app
from bureau.cli import main
from taxcore import signing


def test_terminals_add_prints_and_writes_a_working_key(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    key_file = tmp_path / "t.key"
    assert main(["terminals", "add", "T-42", "--db", url, "--key-file", str(key_file)]) == 0
    printed = capsys.readouterr().out.strip()
    assert len(bytes.fromhex(printed)) == 32
    assert key_file.read_text().strip() == printed
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    client = TestClient(create_app(store.open_engine(url)))
    body = b'{"terminal_id":"T-42","version":"1","build":"b","devices":{},"backlog":{"pending":0}}'
    headers = signing.sign_headers("T-42", bytes.fromhex(printed), "POST", "/v1/heartbeat", body)
    headers["Content-Type"] = "application/json"
    assert client.post("/v1/heartbeat", content=body, headers=headers).status_code == 200


def test_technician_card_add_check_revoke(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    main(["terminals", "add", "T-1", "--db", url])
    key = bytes.fromhex(capsys.readouterr().out.strip())
    assert main(["technicians", "add", "张工", "--db", url]) == 0
    card_line, qr = capsys.readouterr().out.strip().splitlines()
    card_id = card_line.split()[1]
    client = TestClient(create_app(store.open_engine(url)))

    def check(payload: str) -> str:
        body = json.dumps({"qr": payload}).encode()
        headers = signing.sign_headers("T-1", key, "POST", "/v1/technicians/check", body)
        res = client.post(
            "/v1/technicians/check", content=body, headers={**headers, "Content-Type": "application/json"}
        )
        return str(res.json()["status"])

    assert check(qr) == "valid"
    assert check(qr.replace(".", "x.", 1)) == "invalid"
    assert main(["technicians", "revoke", card_id, "--db", url]) == 0
    assert check(qr) == "revoked"
    assert main(["technicians", "revoke", "TC-none", "--db", url]) == 1
    headers = signing.sign_headers("T-1", key, "GET", "/v1/technicians/revoked")
    assert client.get("/v1/technicians/revoked", headers=headers).json() == {"revoked": [card_id]}


def test_seed_command_is_deterministic(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    assert main(["seed", "--db", url, "--count", "10"]) == 0
    first = capsys.readouterr().out
    assert main(["seed", "--db", url, "--count", "10"]) == 0
    assert capsys.readouterr().out == first and "taxpayers=10" in first


def test_seed_with_card_holders_puts_the_sample_cards_on_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The demo's bureau knows the simulated reader's cards; plain `seed` does not (run twice: no duplicates)."""
    import sqlalchemy as sa

    from drivers.idcard.record import CardType
    from drivers.idcard.samples import CARDS

    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    resident, foreign_2017 = CARDS[CardType.RESIDENT]["id_number"], CARDS[CardType.FOREIGN_PR_2017]["id_number"]
    engine = store.open_engine(url)

    def on_file(number: str) -> tuple[list[str], int, int]:
        with engine.connect() as conn:
            names = list(conn.execute(sa.select(store.taxpayers.c.name).where(store.taxpayers.c.id_number == number))
                         .scalars())
            counts = [conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.id_number == number))
                      .scalar_one() for t in (store.iit_records, store.si_contributions)]
        return names, counts[0], counts[1]

    assert main(["seed", "--db", url, "--count", "10"]) == 0
    assert "card_holders" not in capsys.readouterr().out and on_file(resident) == ([], 0, 0)
    for _ in range(2):
        assert main(["seed", "--db", url, "--count", "10", "--card-holders"]) == 0
        assert "taxpayers=10" in capsys.readouterr().out
        assert on_file(resident) == (["张三"], 12, 36)  # a year of income tax; three insurances a month
    assert on_file(foreign_2017)[0] == []  # that card's number is not one the bureau files under
    engine.dispose()


def test_a_database_from_an_older_bureau_is_brought_up_to_date(engine) -> None:  # type: ignore[no-untyped-def]
    """A pilot's database made before vehicles had VINs gets the column and its unique index."""
    import pytest
    import sqlalchemy as sa

    from bureau.seed import seed

    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX uq_vehicles_vin")
        conn.exec_driver_sql("ALTER TABLE vehicles DROP COLUMN vin")
    assert "vin" not in {c["name"] for c in sa.inspect(engine).get_columns("vehicles")}
    upgraded = store.open_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert "vin" in {c["name"] for c in sa.inspect(upgraded).get_columns("vehicles")}
        seed(upgraded, count=5, seed_value=2)
        with upgraded.begin() as conn:
            vin = conn.execute(sa.select(store.vehicles.c.vin).limit(1)).scalar()
            assert vin
        with pytest.raises(sa.exc.IntegrityError), upgraded.begin() as conn:
            row = conn.execute(store.vehicles.select().limit(1)).mappings().one()
            conn.execute(store.vehicles.insert().values({**row, "id": None, "plate": "粤Z00000"}))
    finally:
        upgraded.dispose()
