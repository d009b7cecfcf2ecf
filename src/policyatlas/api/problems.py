"""RFC 9457 problem details for every error the service returns (no bare 500s, no HTML)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyatlas.errors import UserError

MEDIA_TYPE = "application/problem+json"
TYPES = "urn:policyatlas:problem:"  # the kinds are listed in docs/api.md


class ApiProblem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str | None = None, *,
                 kind: str = "about:blank", errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(title)
        self.status, self.title, self.detail, self.kind = status, title, detail, kind
        self.errors = errors or []
        self.headers = headers or {}


def problem(request: Request, status: int, title: str, detail: str | None = None, *,
            kind: str = "about:blank", errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": kind if kind == "about:blank" else TYPES + kind,
                            "title": title, "status": status, "instance": request.url.path}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def user_error_status(exc: UserError) -> int:
    """Syntax errors in the body are 400; too large 413; well-formed but invalid 422."""
    if "is too large" in exc.title:
        return 413
    malformed = ("not valid YAML/JSON", "not valid JSON", "malformed JSON")
    return 400 if any(m in exc.title for m in malformed) else 422


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def _api(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem(request, exc.status, exc.title, exc.detail, kind=exc.kind,
                       errors=exc.errors, headers=exc.headers)

    @app.exception_handler(UserError)
    async def _user(request: Request, exc: UserError) -> JSONResponse:
        status = user_error_status(exc)
        return problem(request, status, exc.title,
                       kind="malformed-body" if status == 400 else "invalid-input",
                       errors=[p.as_dict() for p in exc.problems])

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": ".".join(str(p) for p in e.get("loc", ())),
                   "message": e.get("msg", ""), "type": e.get("type")} for e in exc.errors()]
        malformed = any(e["type"] == "json_invalid" for e in errors)
        return problem(request, 400 if malformed else 422,
                       "malformed request body" if malformed else "invalid request",
                       kind="malformed-body" if malformed else "invalid-input", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(request, exc.status_code, str(exc.detail), headers=exc.headers)

    try:
        from sqlalchemy.exc import SQLAlchemyError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        SQLAlchemyError = None

    if SQLAlchemyError is not None:
        @app.exception_handler(SQLAlchemyError)
        async def _database(request: Request, exc: Exception) -> JSONResponse:
            return problem(request, 503, "the saved-assessment database is unavailable",
                           f"{type(exc).__name__}; check POLICYATLAS_DATABASE_URL",
                           kind="database-unavailable")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem(request, 500, "internal error",
                       f"{type(exc).__name__}: the error has been logged", kind="internal")
