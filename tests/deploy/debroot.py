"""Throwaway Debian roots for the package tests: debootstrap once, cache the root as a tarball.

Two cached layers under $KIOSK_DEPLOY_CACHE (default ~/.cache/tax-kiosk/debroot): the minbase root
(debootstrap, ~2 min), and that root with the packages a .deb depends on already installed (keyed
by their names), so a rerun only unpacks a tarball. Commands run in the root through a private
mount namespace (proc, sys, dev and an empty /run: no systemd or udev running, as in a package
build chroot), so nothing stays mounted when they end. Needs root, debootstrap and zstd.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

SUITE = os.environ.get("KIOSK_DEPLOY_SUITE", "bookworm")
MIRROR = os.environ.get("KIOSK_DEPLOY_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("KIOSK_DEPLOY_CACHE")
             or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tax-kiosk" / "debroot")

# Mount what programs in the root expect, then enter it; $0 is the root, the rest the command.
_ENTER = ('mount -t proc proc "$0/proc" && mount -t sysfs sys "$0/sys" && mount --rbind /dev "$0/dev" '
          '&& mount -t tmpfs tmpfs "$0/run" && exec chroot "$0" "$@"')


def missing_tools() -> str | None:
    if os.geteuid() != 0:
        return "needs root (debootstrap, chroot, mount)"
    absent = [t for t in ("debootstrap", "zstd", "unshare", "dpkg-deb") if shutil.which(t) is None]
    return f"missing {', '.join(absent)} (apt-get install debootstrap zstd)" if absent else None


def _pack(folder: Path, tarball: Path) -> None:
    partial = tarball.with_suffix(".partial")
    subprocess.run(["tar", "-C", str(folder), "--zstd", "--numeric-owner", "-cf", str(partial), "."], check=True)
    partial.rename(tarball)  # atomic: an interrupted build leaves no half tarball in the cache


def unpack(tarball: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-C", str(folder), "--zstd", "--numeric-owner", "-xpf", str(tarball)], check=True)


def base_tarball() -> Path:
    tarball = CACHE / f"{SUITE}-minbase.tar.zst"
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        stage = CACHE / f"stage-{os.getpid()}"
        try:
            subprocess.run(["debootstrap", "--variant=minbase", SUITE, str(stage), MIRROR], check=True,
                           stdout=subprocess.DEVNULL)
            _pack(stage, tarball)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    return tarball


def root_with(packages: Sequence[str]) -> Path:
    """The cached tarball of a root with these packages installed (built once)."""
    names = sorted(set(packages))
    key = hashlib.sha256(" ".join([SUITE, *names]).encode()).hexdigest()[:12]
    tarball = CACHE / f"{SUITE}-with-{key}.tar.zst"
    if not tarball.exists():
        base = base_tarball()
        stage = CACHE / f"stage-{os.getpid()}"
        try:
            unpack(base, stage)
            shutil.copyfile("/etc/resolv.conf", stage / "etc" / "resolv.conf")
            root = Root(stage)
            root.run("apt-get", "update", "-qq")
            root.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *names,
                     env={"DEBIAN_FRONTEND": "noninteractive"})
            root.run("apt-get", "clean")
            (stage / "etc" / "tax-kiosk-test-packages").write_text("\n".join(names) + "\n")
            _pack(stage, tarball)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    return tarball


class Root:
    """A Debian root folder and the commands run in it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def command(self, *cmd: str, user: str | None = None, env: dict[str, str] | None = None) -> list[str]:
        """argv that runs `cmd` in the root; as `user` with its groups (setpriv --init-groups)."""
        inner = ["env", *(f"{k}={v}" for k, v in (env or {}).items()), *cmd]
        if user:
            inner = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--reset-env", *inner]
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c", _ENTER, str(self.path), *inner]

    def run(self, *cmd: str, user: str | None = None, env: dict[str, str] | None = None, check: bool = True,
            timeout: float = 900) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(self.command(*cmd, user=user, env=env), capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def file(self, path: str) -> Path:
        return self.path / path.lstrip("/")
