# Sourced by scripts/run-kiosk and scripts/run-tests: makes sure the Debian packages Qt needs
# are present and that .venv holds this project with its dev extras. Idempotent and quick
# when nothing changed, so both commands can always call it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# Libraries the Qt wheels load (offscreen and xcb), Xvfb for a virtual display, poppler for
# PDF checks, the CJK font for system dialogs (the app itself bundles its own copy), libpulse for
# Qt Virtual Keyboard (its QML components link QtMultimedia for key sounds; without it, no keyboard),
# Debian's Chromium for the web pages' browser tests (Playwright drives /usr/bin/chromium; nothing
# downloads a browser).
APT_PACKAGES=(
  python3-venv xvfb xauth poppler-utils fonts-wqy-microhei
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1 libcups2
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  libpulse0
  chromium
  postgresql
  binutils  # readelf and strip: kiosk.spec (the bundle build)
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      # python3-venv is only needed when the interpreter cannot make a venv by itself.
      if [ "$p" = python3-venv ] && python3 -c 'import ensurepip, venv' 2>/dev/null; then continue; fi
      missing+=("$p")
    fi
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing system packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "bootstrap: missing system packages. Run this, then try again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: Python 3.11 or newer is needed as python3 (found $(python3 --version 2>&1))" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV" >&2
  python3 -m venv "$VENV"
fi

# Reinstall only when the project's declared dependencies changed.
stamp="$VENV/.bootstrap-stamp"
EXTRAS="dev,build"  # build: PyInstaller, which the suite's bundle test and scripts/build-packages use
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) $EXTRAS"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing the project into $VENV (first run takes a few minutes)" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[$EXTRAS]" >&2
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
