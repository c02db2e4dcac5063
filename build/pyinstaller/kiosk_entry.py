"""Entry point of the bundled `kiosk` executable: the `kiosk` CLI, plus `kiosk --self-test`.

`--self-test` first is short for `run --self-test`, so a field team types one flag.
"""

import sys

from kiosk.cli import main

args = sys.argv[1:]
if args[:1] == ["--self-test"]:
    args = ["run", *args]
sys.exit(main(args))
