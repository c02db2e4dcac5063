"""Build the Windows installer (NSIS) from a one-folder bundle: makensis build/windows/tax-kiosk.nsi.

The bundle must be built on Windows (PyInstaller does not cross-compile). Here, with no Windows
bundle, `--stand-in` builds the installer from a tiny folder of the same shape, which checks the
recipe itself (paths, pages, uninstaller, registry) with makensis.

Usage: python build/windows/build_installer.py [--bundle dist/kiosk | --stand-in] [--out dist]
Prints the path of the installer.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from installed_config import installed_config  # noqa: E402 (build/, shared with the .deb)

# Machine-wide folders on Windows (%ProgramData%\TaxKiosk), written by the kiosk account.
INSTALLED_CONFIG = {
    "start_local": "false",
    "data_dir": "'C:/ProgramData/TaxKiosk/data'",
    "log_dir": "'C:/ProgramData/TaxKiosk/logs'",
}


def stand_in(folder: Path) -> Path:
    """A folder shaped like the Windows bundle: kiosk.exe and _internal/ with the assets."""
    bundle = folder / "kiosk"
    (bundle / "_internal" / "assets").mkdir(parents=True)
    (bundle / "kiosk.exe").write_bytes(b"MZ stand-in: build the real bundle on Windows\r\n")
    (bundle / "_internal" / "assets" / "README.txt").write_text("stand-in bundle\r\n", encoding="utf-8")
    return bundle


def build(bundle: Path, out: Path, work: Path) -> Path:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = work / "kiosk.toml"
    config.write_text(installed_config(INSTALLED_CONFIG).replace("\n", "\r\n"), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    exe = out / f"tax-kiosk-{version}-setup.exe"
    subprocess.run(
        ["makensis", "-V2", f"-DBUNDLE_DIR={bundle}", f"-DVERSION={version}", f"-DOUTFILE={exe}",
         f"-DEXAMPLE_CONFIG={config}", str(HERE / "tax-kiosk.nsi")],
        check=True,
    )
    return exe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "kiosk")
    parser.add_argument("--stand-in", action="store_true", help="build from a tiny stand-in folder (no Windows bundle)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tax-kiosk-nsis-") as tmp:
        bundle = stand_in(Path(tmp)) if args.stand_in else args.bundle
        if not (bundle / "kiosk.exe").is_file():
            raise SystemExit(f"{bundle}: no kiosk.exe (build the bundle on Windows, or pass --stand-in)")
        print(build(bundle, args.out, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
