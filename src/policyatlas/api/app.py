"""The FastAPI application: every endpoint is a thin layer over a library call.

Request bodies are YAML or JSON documents (inventories, chip specs, shipments), parsed with the
same file:line validation as the CLI; every error is an RFC 9457 problem document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import json
from importlib import resources
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from policyatlas import __version__
from policyatlas.api.problems import ApiProblem, install
from policyatlas.api.settings import Settings
from policyatlas.sourcefile import SourceDoc, parse_text

API = "/api/v1"
LANGS = ("en", "zh-Hans", "zh-Hant")

_DOC_BODY = {"requestBody": {"required": True, "content": {
    "application/yaml": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object"}}}}}
_OPTIONAL_BODY = {"requestBody": {"required": False,
                                  "content": _DOC_BODY["requestBody"]["content"]}}


def _date(value: str | None, name: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiProblem(422, f"invalid {name}", f"expected YYYY-MM-DD, got {value!r}",
                         kind="invalid-input",
                         errors=[{"field": name, "message": "expected YYYY-MM-DD"}]) from None


async def _document(request: Request, what: str, *, required: bool = True) -> SourceDoc | None:
    raw = await request.body()
    if not raw.strip():
        if not required:
            return None
        raise ApiProblem(400, f"empty request body: send the {what}", kind="malformed-body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiProblem(400, "request body is not UTF-8 text", kind="malformed-body") from None
    if "json" in request.headers.get("content-type", ""):
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ApiProblem(400, "malformed JSON", f"{exc.msg} at line {exc.lineno}, column "
                             f"{exc.colno}", kind="malformed-body",
                             errors=[{"line": exc.lineno, "column": exc.colno,
                                      "message": exc.msg}]) from None
    return parse_text(text, f"<{what}>")


def _inventory(doc: SourceDoc):
    from policyatlas.facts.inventory import Inventory
    from policyatlas.validation import validate_doc

    return validate_doc(Inventory, doc, "inventory")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI):
        from policyatlas.rules.loader import builtin_packs

        builtin_packs()  # load and validate the packs once, before the first request
        yield

    app = FastAPI(title="policyatlas", version=__version__, lifespan=lifespan,
                  description="AI regulation as code: obligations per AI system and "
                  "jurisdiction, preemption scenarios, export controls and the bill tracker. "
                  "Errors are RFC 9457 problem documents (application/problem+json).",
                  openapi_url=f"{API}/openapi.json", docs_url=f"{API}/docs", redoc_url=None)
    install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body)
    app.state.settings = settings
    app.state.saved = None

    def saved():
        if app.state.saved is None:
            from policyatlas.api.saved import SavedAssessments

            app.state.saved = SavedAssessments(settings.database())
        return app.state.saved

    def require_key(request: Request) -> None:
        if not settings.api_key:
            raise ApiProblem(403, "writes are disabled on this server",
                             "set POLICYATLAS_API_KEY to enable saving", kind="writes-disabled")
        given = request.headers.get("x-api-key", "")
        if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
            raise ApiProblem(401, "missing or wrong API key", "send it in the X-API-Key header",
                             kind="unauthorized", headers={"WWW-Authenticate": "ApiKey"})

    def packs():
        from policyatlas.rules.loader import builtin_packs

        return builtin_packs()

    # --- meta ---------------------------------------------------------------------------

    @app.get(f"{API}/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "laws": len(packs())}

    @app.get(f"{API}/i18n/{{lang}}", tags=["meta"])
    def i18n(lang: str) -> dict[str, Any]:
        from policyatlas.i18n import catalog_for_ui

        if lang not in LANGS:
            raise ApiProblem(404, f"unknown language {lang!r}", f"one of {', '.join(LANGS)}")
        return catalog_for_ui(lang)

    # --- assessment ---------------------------------------------------------------------

    @app.post(f"{API}/assess", tags=["assess"], openapi_extra=_DOC_BODY)
    async def assess(request: Request, as_of: str | None = None) -> JSONResponse:
        """Obligations per system and jurisdiction, with traces (contract assessment/v1)."""
        from policyatlas.engine.assess import assess as run

        inv = _inventory(await _document(request, "inventory"))
        result = run(inv, _date(as_of, "as_of"))
        return JSONResponse(json.loads(result.model_dump_json()))

    @app.post(f"{API}/map", tags=["assess"], openapi_extra=_DOC_BODY)
    async def state_map(request: Request, as_of: str | None = None,
                        lang: str = "en") -> dict[str, Any]:
        """Obligations per state as counts and as an accessible SVG tile map."""
        from policyatlas import maps
        from policyatlas.engine.assess import assess as run
        from policyatlas.i18n import state_names, text

        inv = _inventory(await _document(request, "inventory"))
        result = run(inv, _date(as_of, "as_of"))
        by_state = maps.counts(result)
        svg = maps.tile_svg(by_state, title=text(lang, "map.title"),
                            label=text(lang, "map.tile"), names=state_names(lang),
                            scale=text(lang, "map.scale"))
        return {"as_of": str(result.as_of), "federal": maps.federal_count(result), "svg": svg,
                "states": {k: {"in_force": c.in_force, "upcoming": c.upcoming,
                               "blocked": c.blocked, "laws": sorted(c.laws)}
                           for k, c in sorted(by_state.items())}}

    @app.post(f"{API}/program", tags=["assess"], openapi_extra=_DOC_BODY)
    async def program(request: Request, as_of: str | None = None) -> JSONResponse:
        from policyatlas.compliance.program import build_program
        from policyatlas.engine.assess import assess as run

        inv = _inventory(await _document(request, "inventory"))
        prog = build_program(run(inv, _date(as_of, "as_of")))
        return JSONResponse(json.loads(prog.model_dump_json()))

    @app.post(f"{API}/calendar", tags=["assess"], openapi_extra=_DOC_BODY)
    async def calendar(request: Request, start: Annotated[str | None, Query(alias="from")] = None,
                       end: Annotated[str | None, Query(alias="to")] = None) -> JSONResponse:
        from policyatlas.compliance.calendar import build_calendar
        from policyatlas.engine.assess import assess as run

        inv = _inventory(await _document(request, "inventory"))
        first = _date(start, "from")
        last = _date(end, "to") if end else first.replace(year=first.year + 2)
        if last < first:
            raise ApiProblem(422, "'to' is before 'from'", f"{last} < {first}",
                             kind="invalid-input")
        cal = build_calendar(run(inv, first), packs(), first, last,
                             {s.id: s.in_use_since for s in inv.systems if s.in_use_since})
        return JSONResponse(json.loads(cal.model_dump_json()))

    @app.post(f"{API}/report", tags=["assess"], openapi_extra=_DOC_BODY,
              responses={200: {"content": {"text/html": {}, "application/pdf": {},
                                           "application/vnd.openxmlformats-officedocument."
                                           "spreadsheetml.sheet": {}}}})
    async def report(request: Request, format: str = "html", lang: str = "en",
                     as_of: str | None = None) -> Response:
        """A printable report (html, pdf or xlsx) in English, Simplified or Traditional Chinese."""
        from policyatlas.report.document import MEDIA_TYPES, build_report, render

        if format not in MEDIA_TYPES:
            raise ApiProblem(422, f"unknown format {format!r}", "one of html, pdf, xlsx",
                             kind="invalid-input")
        if lang not in LANGS:
            raise ApiProblem(422, f"unknown language {lang!r}", f"one of {', '.join(LANGS)}",
                             kind="invalid-input")
        inv = _inventory(await _document(request, "inventory"))
        data = render(build_report(inv, _date(as_of, "as_of"), lang), format)
        return Response(data, media_type=MEDIA_TYPES[format], headers={
            "Content-Disposition": f'attachment; filename="policyatlas-report-{lang}.{format}"'})

    # --- laws ---------------------------------------------------------------------------

    @app.get(f"{API}/laws", tags=["laws"])
    def laws(as_of: str | None = None, jurisdiction: str | None = None,
             category: str | None = None, status: str | None = None,
             q: str | None = None) -> JSONResponse:
        """The law catalogue, filtered (contract laws/v1); ``q`` searches titles and citations."""
        from policyatlas.laws import list_laws

        result = list_laws(packs(), _date(as_of, "as_of"), jurisdiction, category, status)
        if q:
            needle = q.lower()
            result.laws = [law for law in result.laws if needle in " ".join(
                (law.title, law.short_title, law.citation, law.law_id)).lower()]
        return JSONResponse(json.loads(result.model_dump_json()))

    @app.get(f"{API}/laws/{{law_id:path}}", tags=["laws"])
    def law(law_id: str) -> JSONResponse:
        from policyatlas.laws import law_detail

        p = packs()
        if law_id not in p.laws:
            raise ApiProblem(404, f"unknown law id {law_id!r}",
                             f"GET {API}/laws lists the {len(p)} laws", kind="not-found")
        return JSONResponse(json.loads(json.dumps(law_detail(p.get(law_id)), default=str)))

    # --- scenarios ----------------------------------------------------------------------

    def scenario(ident: str):
        from policyatlas.scenarios.loader import builtin_scenarios

        known = builtin_scenarios()
        if ident not in known:
            raise ApiProblem(404, f"unknown scenario {ident!r}",
                             f"one of {', '.join(sorted(known))}", kind="not-found")
        return known[ident]

    @app.get(f"{API}/scenarios", tags=["scenarios"])
    def scenarios() -> list[dict[str, Any]]:
        from policyatlas.scenarios.loader import builtin_scenarios

        return [{"id": sc.id, "title": sc.meta.title, "instrument": sc.meta.instrument,
                 "legal_status": sc.meta.legal_status, "confidence": sc.meta.confidence,
                 "verified_as_of": str(sc.meta.verified_as_of)}
                for sc in builtin_scenarios().values()]

    @app.get(f"{API}/scenarios/{{ident}}", tags=["scenarios"])
    def scenario_show(ident: str) -> JSONResponse:
        return JSONResponse(json.loads(scenario(ident).file.model_dump_json(by_alias=True)))

    @app.post(f"{API}/scenarios/{{ident}}/diff", tags=["scenarios"], openapi_extra=_OPTIONAL_BODY)
    async def scenario_diff(request: Request, ident: str, as_of: str | None = None,
                            contested: str = "kept") -> JSONResponse:
        """What the scenario removes, keeps and adds — for the inventory in the body, or for the
        whole landscape when the body is empty."""
        from policyatlas.scenarios.diff import diff

        if contested not in ("kept", "removed"):
            raise ApiProblem(422, "contested must be 'kept' or 'removed'", kind="invalid-input")
        sc = scenario(ident)
        doc = await _document(request, "inventory", required=False)
        inv = _inventory(doc) if doc is not None else None
        result = diff(sc, _date(as_of, "as_of"), inv, contested_as=contested)  # type: ignore[arg-type]
        return JSONResponse(json.loads(result.model_dump_json()))

    # --- export controls ----------------------------------------------------------------

    @app.post(f"{API}/export/classify", tags=["export"], openapi_extra=_DOC_BODY)
    async def export_classify(request: Request, as_of: str | None = None) -> JSONResponse:
        """ECCN 3A090 / 4A090 of each chip in a chip-spec document (``chips: [...]``)."""
        from policyatlas.export.check import classify_doc

        result = classify_doc(await _document(request, "chip spec"), _date(as_of, "as_of"))
        return JSONResponse(json.loads(json.dumps(result, default=str)))

    @app.post(f"{API}/export/check", tags=["export"], openapi_extra=_DOC_BODY)
    async def export_check(request: Request) -> JSONResponse:
        """A shipment under the US EAR and China's MOFCOM controls."""
        from policyatlas.export.check import check_doc

        result = check_doc(await _document(request, "shipment"))
        return JSONResponse(json.loads(json.dumps(result, default=str)))

    # --- bills --------------------------------------------------------------------------

    def bills():
        from policyatlas.bills.store import BillStore, default_path

        path = settings.bills_db or default_path()
        if not path.exists():
            raise ApiProblem(503, "no bill store on this server",
                             "run 'policyatlas bills ingest' first", kind="no-bill-store")
        return BillStore(path, create=False)

    @app.get(f"{API}/bills/stats", tags=["bills"])
    def bills_stats(all: bool = False) -> JSONResponse:
        from policyatlas.bills.stats import compute

        with bills() as store:
            return JSONResponse(json.loads(compute(store, everything=all).model_dump_json()))

    @app.get(f"{API}/bills/search", tags=["bills"])
    def bills_search(q: str, state: str | None = None,
                     limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[dict[str, Any]]:
        from policyatlas.bills.render import search_rows

        where, params = "1", []
        if state:
            where, params = "b.jurisdiction = ?", [state.upper()]
        with bills() as store:
            return search_rows(store.search(q, limit=limit, where=where, params=params))

    # --- saved assessments --------------------------------------------------------------

    @app.post(f"{API}/assessments", tags=["saved"], status_code=201, openapi_extra=_DOC_BODY,
              dependencies=[Depends(require_key)])
    async def save(request: Request, name: str = "assessment",
                   as_of: str | None = None) -> JSONResponse:
        """Assess the inventory and save it with the pack versions and the results."""
        from policyatlas.engine.assess import assess as run

        inv = _inventory(await _document(request, "inventory"))
        result = run(inv, _date(as_of, "as_of"))
        row = saved().save(name[:200], inv, result, packs())
        return JSONResponse(row, status_code=201,
                            headers={"Location": f"{API}/assessments/{row['id']}"})

    @app.get(f"{API}/assessments", tags=["saved"])
    def saved_list() -> list[dict[str, Any]]:
        return saved().list()

    def one(ident: str) -> dict:
        row = saved().get(ident)
        if row is None:
            raise ApiProblem(404, f"no saved assessment {ident!r}", kind="not-found")
        return row

    @app.get(f"{API}/assessments/{{ident}}", tags=["saved"])
    def saved_get(ident: str) -> dict[str, Any]:
        return one(ident)

    @app.delete(f"{API}/assessments/{{ident}}", tags=["saved"], status_code=204,
                dependencies=[Depends(require_key)])
    def saved_delete(ident: str) -> Response:
        one(ident)
        saved().delete(ident)
        return Response(status_code=204)

    @app.post(f"{API}/assessments/{{ident}}/compare", tags=["saved"],
              openapi_extra=_OPTIONAL_BODY)
    async def saved_compare(request: Request, ident: str,
                            as_of: str | None = None) -> dict[str, Any]:
        """Run again now — with the inventory in the body, or the saved one — and say what
        changed: laws (pack versions), the inventory, and the duties."""
        from policyatlas.api.saved import compare
        from policyatlas.engine.assess import assess as run
        from policyatlas.facts.inventory import Inventory

        row = one(ident)
        doc = await _document(request, "inventory", required=False)
        inv = _inventory(doc) if doc is not None else Inventory.model_validate(row["inventory"])
        day = _date(as_of, "as_of") if as_of else dt.date.fromisoformat(row["as_of"])
        return compare(row, inv, run(inv, day), packs())

    # --- the browser UI -----------------------------------------------------------------

    static = resources.files("policyatlas.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(static.joinpath("index.html").read_text("utf-8"))

    return app


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

