"""What the routes share: request bodies as documents, inventories, dates and languages (the
same rules as the CLI), the API key check, the saved-assessment store, and running the
library off the event loop."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response

from policyatlas.api.problems import ApiProblem
from policyatlas.sourcefile import SourceDoc, parse_json, parse_text

API = "/api/v1"
T = TypeVar("T")

DOC_BODY = {"requestBody": {"required": True, "content": {
    "application/yaml": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object"}}}}}
OPTIONAL_BODY = {"requestBody": {"required": False,
                                 "content": DOC_BODY["requestBody"]["content"]}}


def day(value: str | None, name: str) -> dt.date:
    from policyatlas.dates import parse_date

    return parse_date(value, name)


def lang(value: str, name: str = "lang") -> str:
    from policyatlas.i18n import check_lang

    return check_lang(value, name)


def label(value: str, name: str, max_length: int = 200) -> str:
    """A short text from a query parameter (a name, a search): 1 to ``max_length`` printable
    characters, so that every database stores it alike."""
    import unicodedata

    if not value.strip() or len(value) > max_length or any(
            unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise ApiProblem(422, f"{name} must be 1 to {max_length} printable characters",
                         f"send a shorter {name} without control characters",
                         kind="invalid-input")
    return value


@dataclass(frozen=True, slots=True)
class Body:
    """A request body as received: parsed later, off the event loop (``doc``)."""

    text: str
    json: bool
    what: str

    def doc(self) -> SourceDoc:
        """The body as a document: JSON parsed as JSON, anything else as YAML (both bounded,
        with the same limits as files)."""
        if self.json:
            return parse_json(self.text, f"<{self.what}>")
        return parse_text(self.text, f"<{self.what}>")


async def body(request: Request, what: str, *, required: bool = True) -> Body | None:
    raw = await request.body()
    if not raw.strip():
        if not required:
            return None
        raise ApiProblem(400, f"empty request body: send the {what}", kind="malformed-body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiProblem(400, "request body is not UTF-8 text", kind="malformed-body") from None
    return Body(text, "json" in request.headers.get("content-type", ""), what)


def inventory(b: Body):
    """The inventory in a request body (parse and validate: call it off the event loop)."""
    from policyatlas.facts.inventory import Inventory
    from policyatlas.validation import validate_doc

    return validate_doc(Inventory, b.doc(), "inventory")


async def offload(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run CPU-bound library work off the event loop, at most ``settings.cpu_workers`` at a
    time (the app's limiter): the rest wait without holding the interpreter, so the loop — and
    /health — keep answering however many clients send work."""
    import functools

    from anyio import CapacityLimiter, fail_after, to_thread

    state = request.app.state
    if getattr(state, "cpu", None) is None:
        state.cpu = CapacityLimiter(state.settings.cpu_workers)
    budget = state.settings.request_seconds
    try:
        with fail_after(budget):
            return await to_thread.run_sync(functools.partial(fn, *args, **kwargs),
                                            limiter=state.cpu, abandon_on_cancel=True)
    except TimeoutError:
        raise ApiProblem(503, "the request took too long", f"more than {budget:g} s, with the "
                         "requests queued before it; try again", kind="too-slow",
                         headers={"Retry-After": "5"}) from None


def json_response(body: str | bytes, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """A JSON body encoded once (by the model), sent as it is."""
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def packs():
    from policyatlas.rules.loader import builtin_packs

    return builtin_packs()


def require_key(request: Request) -> None:
    settings = request.app.state.settings
    if not settings.api_key:
        raise ApiProblem(403, "writes are disabled on this server",
                         "set POLICYATLAS_API_KEY to enable saving", kind="writes-disabled")
    given = request.headers.get("x-api-key", "")
    if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
        raise ApiProblem(401, "missing or wrong API key", "send it in the X-API-Key header",
                         kind="unauthorized", headers={"WWW-Authenticate": "ApiKey"})


def saved(request: Request):
    state = request.app.state
    if state.saved is None:
        from policyatlas.api.saved import SavedAssessments

        state.saved = SavedAssessments(state.settings.database())
    return state.saved
