"""The .deb in a throwaway Debian root (debootstrap): install, self-test as the kiosk user, upgrade
with pending transactions, remove, purge.

Heavy (minutes; the first run also debootstraps and caches a root, see debroot.py), so it runs
only when a package exists (dist/tax-kiosk_*.deb, from scripts/build-packages) or when
KIOSK_TEST_DEB_ROOT=1 asks (it then builds the package first). Needs root and debootstrap.

    KIOSK_TEST_DEB_ROOT=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/deploy/test_deb_root.py -v
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from debroot import Root, missing_tools, root_with, unpack

from kiosk.local_bureau import LocalBureau

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
CONFIG = "/etc/tax-kiosk/kiosk.toml"
DATA = "/var/lib/tax-kiosk"
UNIT = "/lib/systemd/system/tax-kiosk.service"
ENABLED = "/etc/systemd/system/graphical.target.wants/tax-kiosk.service"
KIOSK_ENV = {"QT_QPA_PLATFORM": "offscreen", "ESCPOS_CAPABILITIES_PICKLE_DIR": "/var/cache/tax-kiosk/escpos"}

pytestmark = pytest.mark.deb_root


def built_package() -> Path | None:
    debs = sorted(DIST.glob("tax-kiosk_*-1_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1] if debs else None


@pytest.fixture(scope="module")
def package() -> Path:
    why_not = missing_tools()
    deb = built_package()
    if deb is None and os.environ.get("KIOSK_TEST_DEB_ROOT") != "1":
        pytest.skip("no dist/tax-kiosk_*.deb (scripts/build-packages) and KIOSK_TEST_DEB_ROOT is not 1")
    if why_not:
        pytest.skip(why_not)
    if deb is None:
        subprocess.run([str(ROOT / "scripts" / "build-packages")], check=True, cwd=ROOT)
        deb = built_package()
        assert deb is not None
    return deb


def depends(deb: Path) -> list[str]:
    """Package names of Depends and Recommends (first alternative, no versions)."""
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends", "Recommends"], capture_output=True, text=True,
                            check=True).stdout
    text = " ".join(line.split(":", 1)[1] for line in fields.splitlines() if ":" in line)
    return [re.split(r"[\s(|]", part.strip())[0] for part in text.split(",") if part.strip()]


def upgrade_of(deb: Path, folder: Path) -> tuple[Path, str]:
    """The same package as the next revision, with a new build id: what an upgrade ships."""
    tree = folder / "upgrade"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    text = control.read_text()
    version = re.search(r"(?m)^Version: (\S+)-1$", text)
    assert version, text
    control.write_text(text.replace(f"Version: {version.group(1)}-1", f"Version: {version.group(1)}-2"))
    build_id = "upgrade-test-2"
    rel = "opt/tax-kiosk/_internal/kiosk/build_id"
    (tree / rel).write_text(build_id + "\n")
    sums = tree / "DEBIAN" / "md5sums"
    digest = hashlib.md5((tree / rel).read_bytes()).hexdigest()  # noqa: S324 (dpkg's format)
    sums.write_text(re.sub(rf"(?m)^\w+  {re.escape(rel)}$", f"{digest}  {rel}", sums.read_text()))
    out = folder / "tax-kiosk_upgrade.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", str(tree), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(tree)
    return out, build_id


@pytest.fixture(scope="module")
def root(package: Path) -> Iterator[Root]:
    # Not under pytest's temp folder (mode 0700): the kiosk user writes to the root from outside too.
    folder = Path(tempfile.mkdtemp(prefix="tax-kiosk-debroot-", dir="/var/tmp"))
    folder.chmod(0o755)
    unpack(root_with(depends(package)), folder / "root")
    r = Root(folder / "root")
    shutil.copyfile(package, r.file("/tmp/tax-kiosk.deb"))
    r.run("apt-get", "install", "-y", "-q", "--no-install-recommends", "/tmp/tax-kiosk.deb",
          env={"DEBIAN_FRONTEND": "noninteractive"})
    yield r
    shutil.rmtree(folder, ignore_errors=True)


def test_files_user_groups_and_units_where_the_recipe_says(root: Root) -> None:
    assert os.access(root.file("/opt/tax-kiosk/kiosk"), os.X_OK)
    assert os.readlink(root.file("/usr/bin/tax-kiosk")) == "/opt/tax-kiosk/kiosk"
    conffiles = root.run("dpkg-query", "-W", "-f=${Conffiles}", "tax-kiosk").stdout
    assert CONFIG in conffiles and "/etc/pam.d/tax-kiosk" in conffiles
    assert 'data_dir = "/var/lib/tax-kiosk"' in root.file(CONFIG).read_text()

    passwd = root.run("getent", "passwd", "kiosk").stdout.strip().split(":")
    assert int(passwd[2]) < 1000 and passwd[5] == DATA and passwd[6] == "/usr/sbin/nologin"
    groups = set(root.run("id", "-nG", "kiosk").stdout.split())
    assert {"dialout", "video", "plugdev", "lp"} <= groups
    data = root.file(DATA).stat()
    assert (data.st_uid, oct(data.st_mode & 0o777)) == (int(passwd[2]), "0o700")

    unit = root.file(UNIT).read_text()
    for line in ("Type=notify", "Restart=always", "User=kiosk", "PAMName=tax-kiosk", "WantedBy=graphical.target"):
        assert f"\n{line}\n" in unit
    assert re.search(r"(?m)^WatchdogSec=\d+$", unit)
    assert re.search(r"(?m)^ExecStart=/usr/bin/cage -- /opt/tax-kiosk/kiosk run --config /etc/tax-kiosk/kiosk.toml$",
                     unit)
    assert os.access(root.file("/usr/bin/cage"), os.X_OK)  # the kiosk compositor came as a dependency
    assert os.readlink(root.file(ENABLED)) == UNIT  # starts at boot
    verify = root.run("systemd-analyze", "verify", UNIT, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    rules = root.file("/lib/udev/rules.d/60-tax-kiosk.rules").read_text()
    assert 'GROUP="dialout"' in rules and 'GROUP="lp"' in rules and 'GROUP="plugdev"' in rules


def test_self_test_passes_as_the_kiosk_user(root: Root) -> None:
    assert not list(root.file("/usr/bin").glob("python*"))  # the bundle runs where there is no Python
    result = root.run("/usr/bin/tax-kiosk", "--self-test", "--config", CONFIG, user="kiosk", env=KIOSK_ENV,
                      check=False, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok   data dir: {DATA}" in result.stdout
    assert "ok   log dir: /var/log/tax-kiosk" in result.stdout
    assert "self-test passed" in result.stdout


def enqueue_offline(root: Root, count: int) -> list[str]:
    """Transactions recorded while the bureau is unreachable, through the outbox code the kiosk runs.

    Written by this checkout's Python (a bundle runs no scripts) as the kiosk user, whose outbox key
    it is: everything loads first (a warm-up on a scratch outbox), then the process drops to its uid."""
    uid = int(root.run("id", "-u", "kiosk").stdout)
    gid = int(root.run("id", "-g", "kiosk").stdout)
    script = ("import json, os, sys, tempfile\nfrom offline_queue.outbox import Outbox\n"
              "def record(path, n):\n"
              "    box = Outbox.open(path) if os.path.exists(path) else Outbox.create(path)\n"
              "    ids = [box.record('rating', {'level': 5, 'service': 'guides'}).id for _ in range(n)]\n"
              "    box.close()\n"
              "    return ids\n"
              "with tempfile.TemporaryDirectory() as scratch:\n"
              "    record(os.path.join(scratch, 'warm.db'), 1)\n"
              "os.setgroups([]); os.setgid(int(sys.argv[4])); os.setuid(int(sys.argv[3]))\n"
              "print(json.dumps(record(sys.argv[1], int(sys.argv[2]))))\n")
    out = subprocess.run([sys.executable, "-c", script, str(root.file(f"{DATA}/outbox.db")), str(count), str(uid),
                          str(gid)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    return list(json.loads(out.stdout))


def queue_status(root: Root) -> dict[str, object]:
    out = root.run("/usr/bin/tax-kiosk", "queue", "--config", CONFIG, "status", "--json", "--no-probe",
                   user="kiosk", env=KIOSK_ENV).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_upgrade_with_pending_transactions_loses_none(root: Root, package: Path, tmp_path: Path) -> None:
    config = root.file(CONFIG)
    # the field team's edit of the conffile: a terminal id, the bureau not reachable yet
    config.write_text(config.read_text().replace('id = "GD-DEMO-0001"', 'id = "GD-TEST-0042"', 1))
    ids = enqueue_offline(root, 3)
    assert queue_status(root)["pending"] == 3

    upgrade, build_id = upgrade_of(package, tmp_path)
    shutil.copyfile(upgrade, root.file("/tmp/tax-kiosk-upgrade.deb"))
    root.run("apt-get", "install", "-y", "-q", "/tmp/tax-kiosk-upgrade.deb", env={"DEBIAN_FRONTEND": "noninteractive"})
    assert root.run("dpkg-query", "-W", "-f=${Version}", "tax-kiosk").stdout.rsplit("-", 1)[1] == "2"
    assert 'id = "GD-TEST-0042"' in config.read_text()  # the conffile edit survived
    assert queue_status(root)["pending"] == 3
    selftest = root.run("/usr/bin/tax-kiosk", "--self-test", "--config", CONFIG, user="kiosk", env=KIOSK_ENV,
                        check=False, timeout=180)
    assert f"build {build_id}" in selftest.stdout, selftest.stdout  # the new bundle runs

    bureau = LocalBureau(tmp_path / "bureau")
    key = tmp_path / "terminal.key"
    bureau.provision("GD-TEST-0042", key)
    shutil.copyfile(key, root.file("/etc/tax-kiosk/terminal.key"))
    root.run("chown", "root:kiosk", "/etc/tax-kiosk/terminal.key")
    root.run("chmod", "0640", "/etc/tax-kiosk/terminal.key")
    text = config.read_text()
    text = re.sub(r'(?m)^url = "[^"]*"', f'url = "{bureau.url}"', text, count=1)
    key_line = 'terminal_key_file = "/etc/tax-kiosk/terminal.key"'
    text = re.sub(r'(?m)^terminal_key_file = "[^"]*"', key_line, text, count=1)
    config.write_text(text)
    bureau.start()
    kiosk = subprocess.Popen(root.command("/opt/tax-kiosk/kiosk", "run", "--config", CONFIG, user="kiosk",
                                          env=KIOSK_ENV), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while queue_status(root)["pending"] != 0:
            assert kiosk.poll() is None, kiosk.stderr.read().decode() if kiosk.stderr else ""
            assert time.monotonic() < deadline, "the outbox did not drain within 90 s"
            time.sleep(1)
    finally:
        kiosk.terminate()
        kiosk.wait(timeout=30)
        bureau.stop()
    with sqlite3.connect(tmp_path / "bureau" / "bureau.db") as db:
        received = {row[0] for row in db.execute("SELECT id FROM transactions WHERE terminal_id = 'GD-TEST-0042'")}
    assert received == set(ids)


def test_remove_keeps_config_and_data_and_purge_removes_them(root: Root) -> None:
    assert root.file(f"{DATA}/outbox.db").exists()
    root.run("apt-get", "remove", "-y", "-q", "tax-kiosk", env={"DEBIAN_FRONTEND": "noninteractive"})
    assert not root.file("/opt/tax-kiosk").exists() and not root.file(UNIT).exists()
    assert root.file(CONFIG).exists() and root.file(f"{DATA}/outbox.db").exists()

    root.run("apt-get", "purge", "-y", "-q", "tax-kiosk", env={"DEBIAN_FRONTEND": "noninteractive"})
    for path in ("/etc/tax-kiosk", DATA, "/var/log/tax-kiosk", "/var/cache/tax-kiosk", "/etc/pam.d/tax-kiosk",
                 "/lib/udev/rules.d/60-tax-kiosk.rules", "/usr/bin/tax-kiosk"):
        assert not os.path.lexists(root.file(path)), path
    assert not os.path.lexists(root.file(ENABLED))
    status = root.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "tax-kiosk", check=False)
    assert status.returncode != 0 or status.stdout.strip() in ("un", "pn")
