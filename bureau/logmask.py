"""The bureau's log never holds a full ID number: not from a request path, a message or a traceback.

A filter on every handler `bureau serve` configures (its own loggers and uvicorn's, access log
included) rewrites each record before it is written, so no call site has to remember.
"""

from __future__ import annotations

import copy
import logging
import traceback
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from taxcore.masking import mask_id_numbers


def _mask(value: Any) -> Any:
    return mask_id_numbers(value) if isinstance(value, str) else value


class MaskIdNumbers(logging.Filter):
    """Masks the message, its arguments and any traceback of each record passing the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _mask(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _mask(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(_mask(a) for a in record.args)
        if record.exc_info:
            record.exc_text = mask_id_numbers("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        return True


def log_config(level: str = "warning") -> dict[str, Any]:
    """uvicorn's logging setup with the mask on every handler and the bureau's own loggers routed there."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"mask_id_numbers": {"()": MaskIdNumbers}}
    for handler in config["handlers"].values():
        handler["filters"] = ["mask_id_numbers"]
    config["loggers"]["bureau"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
