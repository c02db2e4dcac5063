"""The A4 archive: every page the kiosk printed, sealed like the outbox and kept only for a while.

A page carries a full ID number and a name, so it never touches the disk in clear: the PDF is
rendered into memory and written as AES-GCM under the archive key (`archive.key`, mode 600, in
the data folder, apart from the pages), bound to its job id. Pages older than the retention are
deleted. A missing key where sealed pages exist is refused, never replaced: the pages would be
lost. A technician opens one page with `kiosk printer archive open JOB_ID --out page.pdf`.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.documents.a4_settings import DEFAULT_RETENTION_DAYS
from offline_queue.key_files import KeyFileError, load_or_create_key, read_key
from taxcore.private_file import write_private

log = logging.getLogger(__name__)

SUFFIX = ".pdf.sealed"
KEY_NAME = "archive.key"
NONCE_BYTES = 12


class ArchiveError(RuntimeError):
    """A page cannot be opened (wrong key, altered, missing): the message says which."""


def archive_key(data_dir: Path, archive_dir: Path) -> bytes:
    """The archive's key; made only while no sealed page exists (first use)."""
    path = data_dir / KEY_NAME
    if not path.exists() and archive_dir.is_dir() and any(archive_dir.glob("*" + SUFFIX)):
        raise KeyFileError(f"{path}: the A4 archive key is missing but {archive_dir} holds sealed pages; it is "
                           "never made again (they would become unreadable). Restore the key file.")
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return load_or_create_key(path)


class SealedArchive:
    def __init__(self, folder: Path, key: bytes, retention_days: float = DEFAULT_RETENTION_DAYS) -> None:
        self.folder, self._aead, self.retention_s = folder, AESGCM(key), retention_days * 86400

    @classmethod
    def for_reading(cls, data_dir: Path, folder: Path) -> SealedArchive:
        """For a technician's command: the existing key, or KeyFileError (nothing is created)."""
        return cls(folder, read_key(data_dir / KEY_NAME))

    def path(self, job_id: str) -> Path:
        return self.folder / f"{job_id}{SUFFIX}"

    def store(self, job_id: str, pdf: bytes) -> Path:
        """Seal and write one page whole (temp file, fsync, rename), mode 600."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        nonce = os.urandom(NONCE_BYTES)
        sealed = nonce + self._aead.encrypt(nonce, pdf, job_id.encode())
        path = self.path(job_id)
        write_private(path, sealed)
        return path

    def open(self, job_id: str) -> bytes:
        try:
            sealed = self.path(job_id).read_bytes()
        except FileNotFoundError:
            raise ArchiveError(f"{self.path(job_id)}: no archived page (purged after the retention, or never "
                               "printed here)") from None
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], job_id.encode())
        except (InvalidTag, ValueError):
            raise ArchiveError(f"{self.path(job_id)}: does not open with this archive key (another key, or "
                               "the file was altered)") from None

    def open_all(self, out: Path) -> list[Path]:
        """Every page opened into `out` as `<job>.pdf` (a technician's copy, or the demo's)."""
        out.mkdir(parents=True, exist_ok=True)
        for job_id in self.job_ids():
            (out / f"{job_id}.pdf").write_bytes(self.open(job_id))
        return [out / f"{job_id}.pdf" for job_id in self.job_ids()]

    def job_ids(self) -> list[str]:
        return sorted(p.name.removesuffix(SUFFIX) for p in self.folder.glob("*" + SUFFIX))

    def purge(self, now: float | None = None) -> int:
        """Delete pages older than the retention (by the time they were written); returns how many."""
        cutoff = (time.time() if now is None else now) - self.retention_s
        gone = 0
        for path in self.folder.glob("*" + SUFFIX):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    gone += 1
            except FileNotFoundError:
                continue
        if gone:
            log.info("A4 archive purged %d page(s) past %g days", gone, self.retention_s / 86400)
        return gone
