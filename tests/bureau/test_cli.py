"""`bureau terminals add`: prints a usable key and writes it to a 0600 file when asked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from fastapi.testclient import TestClient

from bureau import signing, store
from bureau.app import create_app
from bureau.cli import main


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
