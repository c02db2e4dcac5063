"""A throwaway PostgreSQL cluster in a temp dir, for the test suite and the ingest bench.

Uses Debian's binaries (package `postgresql`); as root it runs them as the `postgres` user,
since postgres refuses to run as root. fsync is off: the data is thrown away afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    return str(candidates[0]) if candidates else None


def available() -> bool:
    return bool(binary("initdb") and binary("pg_ctl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """Start a cluster, yield its `postgresql://` URL, stop and delete it afterwards."""
    initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
    if not (initdb and pg_ctl):
        raise RuntimeError("PostgreSQL binaries (initdb, pg_ctl) not installed: apt-get install postgresql")
    as_user: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="bureau-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres")
    data, port = tmp / "data", free_port()
    try:
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "-w", "start"],
            check=True,
            capture_output=True,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
            )
        shutil.rmtree(tmp, ignore_errors=True)
