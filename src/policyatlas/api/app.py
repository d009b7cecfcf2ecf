"""The FastAPI application: settings, error handling, body limits, the routers and the UI.

Request bodies are YAML or JSON documents (inventories, chip specs, shipments), parsed with the
same file:line validation as the CLI; every error is an RFC 9457 problem document. The routes
live in ``api/routes/``, one router per area, and share their input rules with the CLI.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from policyatlas.api.deps import API
from policyatlas.api.problems import install
from policyatlas.api.routes import (
    assess,
    bills,
    cn,
    compare,
    export,
    facts,
    laws,
    meta,
    saved,
    scenarios,
    screen,
    summary,
)
from policyatlas.api.settings import Settings
from policyatlas.version import __version__

ROUTERS = (meta, assess, summary, compare, laws, facts, scenarios, export, bills, cn, screen, saved)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        from policyatlas.rules.loader import builtin_packs

        builtin_packs()  # load and validate the packs once, before the first request
        import policyatlas.compliance.program
        import policyatlas.engine.assess
        import policyatlas.engine.contract  # noqa: F401  (the first request imports nothing)

        gc.collect()
        gc.freeze()  # the packs live as long as the service: keep them out of every collection
        yield

    app = FastAPI(title="policyatlas", version=__version__, lifespan=lifespan,
                  description="AI regulation as code: obligations per AI system and "
                  "jurisdiction, preemption scenarios, export controls and the bill tracker. "
                  "Errors are RFC 9457 problem documents (application/problem+json).",
                  openapi_url=f"{API}/openapi.json", docs_url=None, redoc_url=None)
    install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.add_middleware(Recover)  # outermost of ours: nothing unexpected drops a connection
    app.state.settings = settings
    app.state.saved = None
    app.state.cpu = None  # the CPU-work limiter, made on first use (in the event loop)
    for module in ROUTERS:
        app.include_router(module.router)

    install_docs(app)
    static = resources.files("policyatlas.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(static.joinpath("index.html").read_text("utf-8"))

    return app


DOCS_ASSETS = "/api-docs-assets"


def install_docs(app: FastAPI) -> None:
    """The API docs (Swagger UI at /api/v1/docs, ReDoc at /api/v1/redoc) from assets served by
    the service itself — the builds bundled by the ``fastapi-offline`` package — so they work
    with no network (FastAPI's default pages load them from a CDN)."""
    from fastapi.openapi.docs import (
        get_redoc_html,
        get_swagger_ui_html,
        get_swagger_ui_oauth2_redirect_html,
    )

    assets = resources.files("fastapi_offline").joinpath("static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")
    redirect = f"{API}/docs/oauth2-redirect"

    @app.get(f"{API}/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} — API",
            oauth2_redirect_url=f"{root}{redirect}",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            # no badge from the public validator service
            swagger_ui_parameters={"validatorUrl": None})

    @app.get(redirect, include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(f"{API}/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} — API",
                              redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
                              with_google_fonts=False)


class Recover:
    """An unexpected error inside a request is logged and answered with a 500 problem
    document on the same connection, which stays open for the client's next request (left to
    the server, the error would close it)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            logging.getLogger("policyatlas.api").exception("error in %s", scope.get("path"))
            if started:
                raise
            body = json.dumps({"type": "urn:policyatlas:problem:internal",
                               "title": "internal error", "status": 500,
                               "detail": "the error has been logged",
                               "instance": scope.get("path", "")}).encode()
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/problem+json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, by header and while streaming."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(scope, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            return await self.app(scope, counted, send)
        except _TooLarge:
            return await self._refuse(scope, send)

    async def _refuse(self, scope, send):
        body = json.dumps({"type": "urn:policyatlas:problem:too-large",
                           "title": "request body too large", "status": 413,
                           "detail": f"the limit is {self.limit:,} bytes",
                           "instance": scope.get("path", "")}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory policyatlas.api.app:app_from_env``."""
    return create_app()

