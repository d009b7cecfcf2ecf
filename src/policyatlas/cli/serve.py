"""``policyatlas serve``: the HTTP service and the browser UI."""

from __future__ import annotations

import typer

from policyatlas.cli.common import app


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Processes serving requests (one per core uses them all)."),
) -> None:
    """Start the HTTP service and the browser UI (OpenAPI at /api/v1/docs).

    Environment: POLICYATLAS_API_KEY (required for writes), POLICYATLAS_DATABASE_URL (saved
    assessments; default a SQLite file), POLICYATLAS_MAX_BODY, POLICYATLAS_BILLS_DB."""
    import uvicorn

    if workers > 1:
        uvicorn.run("policyatlas.api.app:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="info")
        return
    from policyatlas.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")
