"""Build the tax-kiosk .deb from a PyInstaller bundle (dist/kiosk) with dpkg-deb, no debhelper.

The recipe is the files beside this script: control.in, the maintainer scripts, the systemd unit
(the cage session), the PAM stack it opens, the udev rules. /etc/tax-kiosk/kiosk.toml is made from
kiosk.example.toml (one documented config) with the paths of an installed terminal.

Usage: python build/debian/build_deb.py [--bundle dist/kiosk] [--out dist] [--revision 1]
Prints the path of the .deb.
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from installed_config import installed_config  # noqa: E402 (build/, shared with the Windows installer)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGE = "tax-kiosk"
MAINTAINER = "Tax Kiosk Team <kiosk-team@example.org>"
CONFFILES = ["/etc/tax-kiosk/kiosk.toml", "/etc/pam.d/tax-kiosk"]
# Lines of kiosk.example.toml changed for an installed terminal: key -> value.
INSTALLED_CONFIG = {
    "start_local": "false",
    "data_dir": '"/var/lib/tax-kiosk"',
    "log_dir": '"/var/log/tax-kiosk"',
}


def glibc_dependency() -> str:
    """The bundle carries the build host's libraries, so it needs at least the build host's glibc."""
    found = os.confstr("CS_GNU_LIBC_VERSION") or ""
    match = re.match(r"glibc (\d+\.\d+)", found)
    if not match:
        raise SystemExit(f"cannot tell the build host's glibc version ({found!r})")
    return f"libc6 (>= {match.group(1)})"


def source_date() -> int:
    """SOURCE_DATE_EPOCH, else the last commit's time: the same tree gives the same package."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def write_gz(path: Path, text: str, mtime: int) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=mtime,
                                                filename="") as gz:
        gz.write(text.encode("utf-8"))


def is_elf_executable(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(18)
    return head[:4] == b"\x7fELF" and head[16] == 2  # ET_EXEC (PIE executables are ET_DYN, named below)


def stage_bundle(bundle: Path, dest: Path) -> None:
    """Copy the bundle with Debian's modes: the launcher 0755, everything else 0644 (libraries too)."""
    shutil.copytree(bundle, dest, symlinks=True)
    for path in dest.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_dir() or path == dest / "kiosk" or is_elf_executable(path):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def install(src: Path | str, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(src, Path):
        shutil.copyfile(src, dest)
    else:
        dest.write_text(src, encoding="utf-8")
    dest.chmod(mode)


def build_id(bundle: Path) -> str:
    found = list(bundle.glob("_internal/kiosk/build_id"))
    return found[0].read_text(encoding="utf-8").strip() if found else "unknown"


def build(bundle: Path, out: Path, revision: str) -> Path:
    if not (bundle / "kiosk").is_file():
        raise SystemExit(f"{bundle}: no bundle there (build it first: scripts/build-packages)")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    full_version = f"{version}-{revision}"
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    mtime = source_date()
    with tempfile.TemporaryDirectory(prefix="tax-kiosk-deb-") as tmp:
        pkg = Path(tmp) / "pkg"
        pkg.mkdir(mode=0o755)
        stage_bundle(bundle, pkg / "opt" / "tax-kiosk")
        (pkg / "usr" / "bin").mkdir(parents=True)
        (pkg / "usr" / "bin" / PACKAGE).symlink_to("/opt/tax-kiosk/kiosk")  # across top-level folders: absolute
        install(installed_config(INSTALLED_CONFIG), pkg / "etc" / "tax-kiosk" / "kiosk.toml")
        install(HERE / "tax-kiosk.pam", pkg / "etc" / "pam.d" / "tax-kiosk")
        install(HERE / "tax-kiosk.service", pkg / "lib" / "systemd" / "system" / "tax-kiosk.service")
        install(HERE / "60-tax-kiosk.rules", pkg / "lib" / "udev" / "rules.d" / "60-tax-kiosk.rules")
        doc = pkg / "usr" / "share" / "doc" / PACKAGE
        install(HERE / "copyright", doc / "copyright")
        install(HERE / "README.Debian", doc / "README.Debian")
        when = email.utils.formatdate(mtime, usegmt=False)
        changelog = (f"{PACKAGE} ({full_version}) unstable; urgency=medium\n\n"
                     f"  * Kiosk bundle build {build_id(bundle)}.\n\n -- {MAINTAINER}  {when}\n")
        write_gz(doc / "changelog.Debian.gz", changelog, mtime)
        man = pkg / "usr" / "share" / "man" / "man1"
        man.mkdir(parents=True)
        write_gz(man / f"{PACKAGE}.1.gz", (HERE / "tax-kiosk.1").read_text(encoding="utf-8"), mtime)
        install(HERE / "lintian-overrides", pkg / "usr" / "share" / "lintian" / "overrides" / PACKAGE)
        for path in pkg.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)

        installed_kib = sum(p.lstat().st_size for p in pkg.rglob("*") if p.is_file() or p.is_symlink()) // 1024
        control = pkg / "DEBIAN"
        control.mkdir(mode=0o755)
        text = (HERE / "control.in").read_text(encoding="utf-8")
        for key, value in {"VERSION": full_version, "ARCH": arch, "INSTALLED_SIZE": str(installed_kib),
                           "LIBC": glibc_dependency()}.items():
            text = text.replace(f"@{key}@", value)
        install(text, control / "control")
        install("".join(f"{c}\n" for c in CONFFILES), control / "conffiles")
        for script in ("postinst", "prerm", "postrm"):
            install(HERE / script, control / script, 0o755)
        sums = []
        for path in sorted(p for p in pkg.rglob("*") if p.is_file() and not p.is_symlink()):
            rel = path.relative_to(pkg).as_posix()
            if not rel.startswith("DEBIAN/"):
                sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel}\n")  # noqa: S324 (dpkg's format)
        install("".join(sums), control / "md5sums")
        for path in pkg.rglob("*"):
            if not path.is_symlink():
                os.utime(path, (mtime, mtime))

        out.mkdir(parents=True, exist_ok=True)
        deb = out / f"{PACKAGE}_{full_version}_{arch}.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(pkg), str(deb)],
                       check=True, stdout=subprocess.DEVNULL, env={**os.environ, "SOURCE_DATE_EPOCH": str(mtime)})
    return deb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "kiosk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--revision", default="1", help="Debian revision: raise it to ship the same version again")
    args = parser.parse_args()
    print(build(args.bundle, args.out, args.revision))
    return 0


if __name__ == "__main__":
    sys.exit(main())
