"""Runtime hook: point python-escpos at a kept cache folder before anything can import it."""

try:
    from kiosk.resources import keep_escpos_cache

    keep_escpos_cache()
except OSError:
    pass  # no writable cache folder: escpos falls back to a temp folder; the self-test names it
