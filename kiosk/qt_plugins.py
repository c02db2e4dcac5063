"""The Qt plugins the kiosk uses: the bundle keeps exactly these, the self-test checks they load.

The kiosk runs under cage (a Wayland kiosk compositor): natively on Wayland (xdg-shell), or on X
through Xwayland; offscreen for the self-test. Everything else a Qt wheel ships is left out of the
bundle: platform themes (no desktop to follow), input contexts but Qt Virtual Keyboard's (text fields),
eglfs/linuxfb input plugins, multimedia (the camera goes through OpenCV), TLS, SQL, QML, designer.
"""

from __future__ import annotations

# plugin folder -> file name patterns (fnmatch), as in PySide6/Qt/plugins on Linux.
KIOSK_QT_PLUGINS: dict[str, tuple[str, ...]] = {
    "platforms": ("libqwayland.so", "libqxcb.so", "libqoffscreen.so"),
    "wayland-shell-integration": ("libxdg-shell.so",),
    # the other client plugins there serve Qt-based compositors, not cage
    "wayland-graphics-integration-client": ("libqt-plugin-wayland-egl.so",),
    "xcbglintegrations": ("*",),
    "imageformats": ("libqjpeg.so", "libqsvg.so", "libqico.so", "libqgif.so"),
    "iconengines": ("*",),
    "printsupport": ("*",),  # CUPS, for the A4 printer
    "platforminputcontexts": ("libqtvirtualkeyboardplugin.so",),  # kiosk/virtual_keyboard.py
}
