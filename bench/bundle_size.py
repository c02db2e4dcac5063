"""Size of a PyInstaller one-folder bundle: the total and what takes the room.

Groups files by what they come from (a package folder, a wheel's vendored `.libs`, Qt's libraries,
plugins and translations apart) and lists the largest single files. Symlinks are not counted.
Usage: .venv/bin/python bench/bundle_size.py [dist/kiosk] [--top N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

MIB = 1024 * 1024


def contributor(rel: tuple[str, ...]) -> str:
    """The group a bundle file belongs to, from its path inside the bundle."""
    if rel[0] != "_internal":
        return f"{'/'.join(rel)} (bootloader + archive of the Python code)"
    parts = rel[1:]
    if len(parts) == 1:
        return "system libraries from the build host" if parts[0].startswith("lib") else "(other top-level files)"
    if parts[0] == "PySide6" and len(parts) > 2 and parts[1] == "Qt":
        return f"PySide6/Qt/{parts[2]}"
    return parts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", nargs="?", type=Path, default=Path("dist/kiosk"))
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    files = [p for p in args.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    if not files:
        raise SystemExit(f"{args.bundle}: no bundle there (build it with scripts/build-packages)")
    sizes = {p: p.stat().st_size for p in files}
    total = sum(sizes.values())
    groups: Counter[str] = Counter()
    for path, size in sizes.items():
        groups[contributor(path.relative_to(args.bundle).parts)] += size
    print(f"bundle {args.bundle}: {total / MIB:.1f} MiB in {len(files)} files")
    print("largest contributors:")
    for name, size in groups.most_common(args.top):
        print(f"  {size / MIB:7.1f} MiB  {100 * size / total:4.1f} %  {name}")
    print("largest files:")
    for path, size in sorted(sizes.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {size / MIB:7.1f} MiB  {path.relative_to(args.bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
