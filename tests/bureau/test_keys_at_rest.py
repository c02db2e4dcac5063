"""The bureau's database and keys at rest: private files, the signing key out of the database,
terminal keys encrypted, a missing key refused (never made anew), and both keys rotatable."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bureau import keys, store
from bureau.app import create_app
from bureau.auth import add_terminal
from bureau.cli import main
from taxcore import signing

REPO = Path(__file__).resolve().parents[2]
BEAT = {"terminal_id": "T-1", "version": "1", "build": "b", "devices": {}, "backlog": {"pending": 0}}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def beat(client: TestClient, key: bytes) -> int:
    """A heartbeat signed with the terminal key: 200 when the bureau still knows the key."""
    import json

    body = json.dumps(BEAT).encode()
    headers = signing.sign_headers("T-1", key, "POST", "/v1/heartbeat", body)
    headers["Content-Type"] = "application/json"
    return int(client.post("/v1/heartbeat", content=body, headers=headers).status_code)


def folder_of(engine: Engine) -> Path:
    return keys.of(engine).folder


def test_database_and_key_files_are_private_from_the_start(tmp_path: Path, capsys: Any) -> None:
    db = tmp_path / "bureau.sqlite3"
    assert main(["terminals", "add", "T-1", "--db", f"sqlite:///{db}"]) == 0
    key = bytes.fromhex(capsys.readouterr().out.strip())
    folder = tmp_path / "bureau.sqlite3.keys"
    assert mode(db) == 0o600 and mode(folder) == 0o700
    assert mode(folder / keys.SIGNING_FILE) == 0o600 and mode(folder / keys.WRAPPING_FILE) == 0o600
    for extra in tmp_path.glob("bureau.sqlite3-*"):  # SQLite's -wal and -shm
        assert mode(extra) == 0o600, extra
    stored = db.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("bureau.sqlite3-*"))
    assert key.hex().encode() not in stored  # the terminal key is not in the database in clear
    signing_hex = (folder / keys.SIGNING_FILE).read_text().strip()
    assert signing_hex.encode() not in stored  # nor is the document signing key


def test_terminal_keys_are_stored_encrypted_and_still_authenticate(engine: Engine) -> None:
    key = bytes.fromhex(add_terminal(engine, "T-1"))
    with engine.connect() as conn:
        stored = conn.execute(sa.select(store.terminals.c.key_hex)).scalar_one()
    assert stored.startswith(keys.SEALED) and key.hex() not in stored
    assert beat(TestClient(create_app(engine)), key) == 200


@pytest.mark.parametrize("lost", [keys.SIGNING_FILE, keys.WRAPPING_FILE])
def test_a_key_file_that_existed_and_is_missing_is_refused_not_made_anew(engine: Engine, lost: str) -> None:
    add_terminal(engine, "T-1")
    folder = folder_of(engine)
    (folder / lost).unlink()
    with pytest.raises(keys.BureauKeyError) as refused:
        keys.use(engine, folder)
    assert str(folder / lost) in str(refused.value) and "restore" in str(refused.value)
    assert not (folder / lost).exists()  # nothing was created in its place


def test_another_key_in_place_of_the_right_one_is_refused(engine: Engine) -> None:
    folder = folder_of(engine)
    keys.write_private(folder / keys.SIGNING_FILE, os.urandom(32).hex().encode())
    with pytest.raises(keys.BureauKeyError, match="not the signing key of this database"):
        keys.use(engine, folder)


def test_a_key_file_others_can_read_is_refused_with_the_fix(engine: Engine) -> None:
    folder = folder_of(engine)
    (folder / keys.WRAPPING_FILE).chmod(0o640)
    with pytest.raises(keys.BureauKeyError, match=r"chmod 600"):
        keys.use(engine, folder)


def serve_refusal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bureau", "serve", "--port", "9", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def test_bureau_serve_stops_with_one_clear_line_on_a_missing_key_or_an_open_database(tmp_path: Path) -> None:
    db = tmp_path / "bureau.sqlite3"
    engine = store.open_engine(f"sqlite:///{db}")
    folder = folder_of(engine)
    engine.dispose()
    (folder / keys.SIGNING_FILE).unlink()
    done = serve_refusal("--db", f"sqlite:///{db}")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{folder / keys.SIGNING_FILE}: the document signing key is missing" in done.stderr
    assert not (folder / keys.SIGNING_FILE).exists()
    db.chmod(0o644)
    done = serve_refusal("--db", f"sqlite:///{db}")
    assert done.returncode == 2 and f"Run `chmod 600 {db}`" in done.stderr and "Traceback" not in done.stderr


def test_an_older_database_is_migrated_keys_out_and_sealed(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from bureau import docsign

    db = tmp_path / "old.sqlite3"
    engine = store.open_engine(f"sqlite:///{db}")
    legacy = Ed25519PrivateKey.generate()
    terminal_key = os.urandom(32)
    with engine.begin() as conn:  # as an older bureau left it: the signing key and terminal key in clear
        conn.execute(store.settings.insert().values(name="ed25519_private_key", value=keys._raw(legacy).hex()))
        conn.execute(store.terminals.insert().values(terminal_id="T-1", key_hex=terminal_key.hex(), created_at=0))
    assert docsign.public_key_hex(engine) == keys._public_hex(legacy)  # the same key, now from its file
    with engine.connect() as conn:
        names = set(conn.execute(sa.select(store.settings.c.name)).scalars())
        stored = conn.execute(sa.select(store.terminals.c.key_hex)).scalar_one()
    assert "ed25519_private_key" not in names and stored.startswith(keys.SEALED)
    assert beat(TestClient(create_app(engine)), terminal_key) == 200


def test_rotating_the_signing_key_keeps_earlier_documents_checkable(engine: Engine, identified: Any,
                                                                    seeded: dict[str, Any]) -> None:
    person = seeded["taxpayers"][1]
    me = identified(person["id_number"])
    cert = me.post("/v1/certificates", {"kind": "iit_certificate", "id_number": person["id_number"], "year": 2025})
    before = me.get("/v1/content/public_key").json()["data"]["public_key_hex"]
    assert keys.rotate_signing(engine) != before
    assert me.get("/v1/content/public_key").json()["data"]["public_key_hex"] != before
    assert me.post("/v1/documents/check", {"qr": cert.json()["qr"]}).json()["genuine"] is True


def test_rotating_the_terminal_key_encryption_keeps_every_terminal_working(engine: Engine) -> None:
    key = bytes.fromhex(add_terminal(engine, "T-1"))
    with engine.connect() as conn:
        before = conn.execute(sa.select(store.terminals.c.key_hex)).scalar_one()
    wrapping = (folder_of(engine) / keys.WRAPPING_FILE).read_text()
    assert keys.rotate_wrapping(engine) == 1
    with engine.connect() as conn:
        after = conn.execute(sa.select(store.terminals.c.key_hex)).scalar_one()
    assert after != before and (folder_of(engine) / keys.WRAPPING_FILE).read_text() != wrapping
    assert beat(TestClient(create_app(engine)), key) == 200
