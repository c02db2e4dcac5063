"""`bureau terminals add`: prints a usable key and writes it to a 0600 file when asked."""

from __future__ import annotations

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
