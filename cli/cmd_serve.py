"""``serve``: the officers' web UI under waitress (a production WSGI server, pure Python)."""

from __future__ import annotations

import click

from cli.context import State


@click.command()
@click.option("--host", help="Address to listen on (default [review] host, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default [review] port, 8000).")
@click.option("--threads", type=click.IntRange(min=1), help="Worker threads (default [review] threads).")
@click.pass_obj
def serve(state: State, host: str | None, port: int | None, threads: int | None) -> None:
    """Serve the review web UI (needs $WAGEWATCH_SECRET_KEY).

    Create the first account with `wagewatch users add NAME --role admin`. Keep the default
    127.0.0.1 and put a TLS reverse proxy in front for other machines.
    """
    from waitress import serve as waitress_serve

    from review import ConfigurationError, create_app

    review = state.config["review"]
    try:
        app = create_app({"DATABASE": str(state.db_path), "WAGEWATCH": state.config,
                          "CONFIG_PATH": state.config_path})  # fmt: skip
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None
    host, port = host or review["host"], port or review["port"]
    click.echo(f"wagewatch review UI on http://{host}:{port}/ (database {state.db_path}); Ctrl-C stops it")
    waitress_serve(app, host=host, port=port, threads=threads or review["threads"], ident="wagewatch")
