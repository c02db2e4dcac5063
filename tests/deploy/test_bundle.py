"""The PyInstaller bundle, built from kiosk.spec as CI builds it, passes its --self-test offscreen.

This is the one slow test of the normal suite (about 1.5 min of CPU: the build): a spec that forgot
a data file, a hidden import or a Qt plugin fails here, not on a terminal in front of a taxpayer.
The .deb's install test (test_deb_root.py) runs the bundle on a Debian root with no Python.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(1800)  # the build, under a shared CPU


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller", reason="the build extra (scripts/bootstrap.sh installs it)")
    folder = tmp_path_factory.mktemp("bundle")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--workpath",
         str(folder / "work"), "--distpath", str(folder / "dist"), str(ROOT / "kiosk.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1500,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    return folder / "dist" / "kiosk"


def test_bundle_self_test_passes_offscreen(bundle, run_self_test, kiosk_config, child_env, tmp_path) -> None:
    env = {k: v for k, v in child_env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = run_self_test([str(bundle / "kiosk")], kiosk_config, env)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("first paint", "version", "font", "translations", "content", "qt plugins", "crypto", "escpos",
                  "serial", "barcodes"):
        assert f"ok   {check}:" in result.stdout
    assert str(bundle) in result.stdout  # the Qt plugins loaded are the bundle's, not the venv's
    assert list((tmp_path / "cache" / "tax-kiosk" / "escpos").glob("*.capabilities.pickle"))


def test_bundle_leaves_out_what_the_spec_filters(bundle) -> None:
    names = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    for unwanted in ("*libQt6WebEngine*", "*libQt6Quick3D*", "*libQt63D*", "*libQt6Pdf*", "*tkinter*",
                     "*/platformthemes/*", "*.ts"):
        assert not fnmatch.filter(names, unwanted), unwanted
    # Of Qt Quick only what the on-screen keyboard loads (kiosk/virtual_keyboard.py), pinyin included.
    qml = [p.as_posix().split("/PySide6/Qt/qml/", 1)[1] for p in bundle.rglob("*")
           if "/PySide6/Qt/qml/" in p.as_posix() and p.is_file()]
    kept = ("QtQuick/VirtualKeyboard/", "QtQuick/Layouts/", "QtQuick/Window/", "QtQml/", "Qt/labs/folderlistmodel/",
            "QtQuick/qmldir", "QtQuick/libqtquick2plugin.so", "QtQuick/plugins.qmltypes")
    assert qml and all(q.startswith(kept) for q in qml), sorted(q for q in qml if not q.startswith(kept))[:5]
    assert fnmatch.filter(qml, "QtQuick/VirtualKeyboard/Plugins/Pinyin/*.so")
    qt_translations = {Path(n).name for n in names if "/PySide6/Qt/translations/" in n}
    assert qt_translations <= {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}
    assert not (bundle / "kiosk").is_symlink() and (bundle / "_internal" / "assets").is_dir()


def test_bundle_carries_no_server_code(bundle) -> None:
    """The terminal bundle holds none of the bureau's code or its server libraries (kiosk.spec)."""
    from PyInstaller.archive.readers import CArchiveReader

    executable = CArchiveReader(str(bundle / "kiosk"))
    modules = set(executable.open_embedded_archive("PYZ.pyz").toc)
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    assert "kiosk.app" in modules and "taxcore.signing" in modules  # the listing is the real one
    for server in ("bureau", "fastapi", "starlette", "sqlalchemy", "uvicorn", "psycopg", "psycopg_binary", "alembic"):
        assert not [m for m in modules if m == server or m.startswith(server + ".")], server
        assert not [f for f in files if f"/{server}/" in f"/{f}" or f.startswith(f"{server}")], server
