"""One error shape for every refusal: `{"error": {"code", "message"}}`, always 4xx for bad input."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """A refusal the client can act on: an HTTP status, a stable code and a human message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ErrorDetail(BaseModel):
    code: str  # stable, for programs
    message: str  # for the person reading a log


class ErrorOut(BaseModel):
    error: ErrorDetail


_WHY = {
    400: "the request cannot be understood",
    401: "not signed by a provisioned terminal, or the signature is stale or replayed",
    403: "the signing terminal may not do this",
    404: "no such record",
    408: "the body did not arrive in time",
    409: "conflicts with what the bureau already holds",
    413: "the body is larger than the bureau reads",
    422: "a field is missing or invalid",
}


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the 4xx a route can give, all in the one error shape."""
    return {status: {"model": ErrorOut, "description": _WHY[status]} for status in statuses}


# Every signed /v1 route can refuse the signature and the body.
SIGNED = refusals(401, 422)
# Every route can refuse a body that is malformed in length, too large or too slow (bureau.limits).
GUARDED = refusals(400, 408, 413)


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def _first_problem(exc: RequestValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media"}


def install(app: FastAPI) -> None:
    """Replace FastAPI's default error bodies so every error has the same machine-readable shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body("invalid_request", _first_problem(exc)), status_code=422)

    @app.exception_handler(DataError)
    async def _unstorable(_: Request, exc: DataError) -> JSONResponse:
        # e.g. a NUL character or NaN that PostgreSQL will not store: the input's fault, not ours
        return JSONResponse(
            error_body("invalid_value", "a value in the request cannot be stored"), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)
