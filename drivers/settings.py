"""Strict settings models and the one formatter of their errors, for the whole config file.

A field engineer edits the TOML config by hand on a terminal with no debugger. Every section of
it, and every device driver's settings, is a pydantic model built on `Strict` (no coercion, no
extra keys, ranges in `Field(ge=..., le=...)`), and every mistake is worded by `explain`: the
key, what is wrong and what is allowed. The kiosk's config (`kiosk/config.py`) and the driver
registry (`drivers/registry.py`) both use it; it lives here because drivers may not import kiosk.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo

_TYPE_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}
_TABLE_ERRORS = {"model_type", "model_attributes_type", "dict_type"}
_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


class Strict(BaseModel):
    """A config section or a driver's settings: no coercion, no unknown key."""

    model_config = ConfigDict(strict=True, extra="forbid")


def describe(annotation: Any, field: FieldInfo | None = None) -> str:
    """What a field allows, in the words of `kiosk.example.toml`: "a whole number from 10 to 3600"."""
    metadata = list(field.metadata) if field else []
    origin = get_origin(annotation)
    if origin is Annotated:  # a list's items: list[Annotated[str, Field(max_length=200)]]
        annotation, *extra = get_args(annotation)
        metadata += [m for e in extra for m in (e.metadata if isinstance(e, FieldInfo) else [e])]
        origin = get_origin(annotation)
    longest = next((m.max_length for m in metadata if isinstance(m, annotated_types.MaxLen)), None)
    if origin is list:
        item = describe(get_args(annotation)[0])
        return f"a list of at most {longest} items, each {item}" if longest else f"a list, each {item}"
    if longest is not None:
        return f"{_TYPE_WORDS.get(annotation, 'a text')} of at most {longest} characters"
    if origin is Literal:
        text = "one of " + ", ".join(repr(a) for a in get_args(annotation))
    elif origin in (typing.Union, types.UnionType):
        text = " or ".join(describe(a) for a in get_args(annotation) if a is not type(None))
    else:
        text = _TYPE_WORDS.get(annotation, getattr(annotation, "__name__", str(annotation)))
    low = high = None
    for meta in metadata:
        if isinstance(meta, annotated_types.Ge | annotated_types.Gt):
            low = getattr(meta, "ge", getattr(meta, "gt", None))
        if isinstance(meta, annotated_types.Le | annotated_types.Lt):
            high = getattr(meta, "le", getattr(meta, "lt", None))
    if low is not None and high is not None:
        return f"{text} from {low:g} to {high:g}"
    if low is not None:
        return f"{text} of at least {low:g}"
    return f"{text} up to {high:g}" if high is not None else text


def explain(error: ValidationError, model: type[BaseModel], where: str = "", *,
            noun: str = "key", owner: str = "") -> str:
    """The first mistake of `error` as one line naming the table, the key and what is allowed.

    `where` is the table the model was read from ("[devices.scanner]"; "" for the whole file, whose
    tables are then named from the error's location); `noun` and `owner` word a driver's settings
    ("unknown setting 'speed' for driver 'serial_line'").
    """
    errors = error.errors(include_url=False)
    # A misspelt key shows as an unknown key and as the right one missing: name the typo.
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc, kind, value = first["loc"], first["type"], first.get("input")
    section: list[str] = [where.strip("[]")] if where else []
    # Walk the location down the nested tables to the model that owns the key.
    while len(loc) > 1 and isinstance(head := loc[0], str):
        if (inner := _submodel(model, head)) is not None:
            model, section, loc = inner, [*section, head], loc[1:]
        elif len(loc) > 2 and (inner := _submodel(model, head, in_table=True)) is not None:
            model, section, loc = inner, [*section, f"{head}.{loc[1]}"], loc[2:]  # [devices.<name>]
        else:
            break
    table = f"[{'.'.join(section)}]" if section else ""
    name = str(loc[0]) if loc else ""
    field = model.model_fields.get(name)
    key = name + "".join(f"[{i}]" for i in loc[1:] if isinstance(i, int))
    allowed = ", ".join(sorted(model.model_fields))
    by = f" for {owner}" if owner else ""
    if kind == "extra_forbidden":
        if not table:
            return f"unknown section [{name}]; allowed sections: {allowed}"
        return f"{table} unknown {noun} {name!r}{by}; allowed {noun}s: {allowed or 'none'}"
    if kind in _TABLE_ERRORS and len(loc) == 1 and _submodel(model, name) is not None:
        return f"[{'.'.join([*section, name])}] must be a table"
    if kind == "missing":
        help_text = (field.description if field else None) or (describe(field.annotation, field) if field else "")
        return f"{table}{': ' + owner if owner else ''} needs the {noun} {name} ({help_text})".lstrip()
    if kind == "value_error":  # a model's own check (a transport without its address, an unknown card)
        reason = str(first.get("ctx", {}).get("error", first["msg"]))
        return f"{table} {key}: {reason}".lstrip() if key else f"{table}: {reason}".lstrip()
    if field is None:
        return f"{table} {key}: {first['msg']}".lstrip()
    annotation = field.annotation
    if len(loc) > 1 and get_origin(annotation) is list:
        annotation, field = get_args(annotation)[0], None
    allows = describe(annotation, field)
    if kind in ("string_too_long", "too_long"):
        size = f"{len(value)} {'items' if isinstance(value, list) else 'characters'}"
        return f"{table} {key}: {size} long; allowed: {allows}".lstrip()
    if kind in _RANGE_ERRORS:
        return f"{table} {key}: {value!r} is out of range; allowed: {allows}".lstrip()
    if kind == "literal_error":
        return f"{table} {key}: {value!r} is not allowed; allowed: {allows}".lstrip()
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{table} {key}: expected {allows}, got {value!r}".lstrip()
    return f"{table} {key}: {first['msg']}; allowed: {allows}".lstrip()  # e.g. an empty string where a name is needed


def _submodel(model: type[BaseModel], name: str, in_table: bool = False) -> type[BaseModel] | None:
    """The model of a nested table `name` (or with `in_table`, of each table in a dict of them)."""
    field = model.model_fields.get(name)
    annotation = field.annotation if field else None
    if in_table:
        args = get_args(annotation) if get_origin(annotation) is dict else ()
        annotation = args[1] if len(args) == 2 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
