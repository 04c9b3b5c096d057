"""`tfa`: the command line. `tfa run` runs an agent in-process in the terminal."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from twelve_factor.client.terminal import EXIT_COMPLETE, EXIT_CONFIG, EXIT_FAILED, EXIT_STOPPED, Terminal
from twelve_factor.core.actions import answer_question, decide_approval, resume_run
from twelve_factor.core.agent import Agent
from twelve_factor.core.errors import ConfigError
from twelve_factor.core.events import Event, Thread
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.state import derive_state
from twelve_factor.evals.cases import DEFAULT_CASES, load_cases
from twelve_factor.evals.runner import format_table, pass_rate, run_cases
from twelve_factor.logs import configure_logging
from twelve_factor.settings import get_settings
from twelve_factor.wiring import build_agent

app = typer.Typer(help="Twelve-Factor Agents: reliable LLM agents.", no_args_is_help=True, add_completion=False)


@app.callback()
def tfa() -> None:
    """Twelve-Factor Agents: reliable LLM agents as an append-only thread of events."""


@app.command()
def run(
    task: Annotated[str, typer.Argument(help="what the agent should do, e.g. 'multiply 3 and 4, then add 12'")],
    model: Annotated[str | None, typer.Option(help="openai[:name], local[:path.gguf] or scripted:path.json")] = None,
    max_steps: Annotated[int | None, typer.Option(min=1, help="step budget (default TFA_MAX_STEPS)")] = None,
) -> None:
    """Run an agent here in the terminal, answering its questions and approvals at the prompt."""
    settings = get_settings()
    configure_logging(settings.tfa_log_format, "WARNING")
    terminal = Terminal(sys.stdout)
    try:
        agent = build_agent(settings, model=model, max_steps=max_steps)
        thread = agent.start(task)
    except (ConfigError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_CONFIG) from exc
    terminal.say(f"model: {agent.model.name}")
    terminal.show(list(thread.events))
    raise typer.Exit(asyncio.run(run_in_terminal(agent, thread, terminal)))


async def run_in_terminal(agent: Agent, thread: Thread, terminal: Terminal) -> int:
    """Drive the run to its end, asking the person whenever it waits; returns the exit code."""

    async def show(_: Thread, events: list[Event]) -> None:
        terminal.show(events)

    while True:
        thread = await run_until_blocked(agent, thread, on_events=show)
        state = derive_state(thread)
        now = agent.clock()
        new_events: list[Event]
        if state.status == "complete":
            return EXIT_COMPLETE
        if state.status in ("failed", "cancelled"):
            terminal.say(f"run {state.status}: {state.error}")
            return EXIT_FAILED
        if state.status == "waiting_human_input":
            answer = terminal.ask("your answer: ")
            if answer is None:
                terminal.say("no answer; the run stops here")
                return EXIT_STOPPED
            new_events = answer_question(thread, answer, now)
        elif state.status == "waiting_approval":
            decision = terminal.decide()
            if decision is None:
                terminal.say("no decision; the run stops here")
                return EXIT_STOPPED
            new_events = decide_approval(thread, decision[0], now, comment=decision[1])
        else:  # max_steps_reached or paused
            if not terminal.confirm(f"continue with {state.max_steps} more steps?"):
                return EXIT_STOPPED
            new_events = resume_run(thread, now)
        thread = thread.extend(new_events)
        terminal.show(new_events)


@app.command(name="eval")
def eval_command(
    model: Annotated[str | None, typer.Option(help="the model to evaluate (default: TFA_MODEL)")] = None,
    cases: Annotated[Path, typer.Option(help="the cases file", dir_okay=False)] = DEFAULT_CASES,
    min_pass: Annotated[float, typer.Option(min=0, max=1, help="exit non-zero below this pass rate (0..1)")] = 0.0,
    smoke: Annotated[bool, typer.Option(help="only the small always-run subset")] = False,
) -> None:
    """Run the prompt evals against a model: a table of case, expected, got, pass; then the pass rate."""
    settings = get_settings()
    configure_logging(settings.tfa_log_format, "WARNING")
    try:
        agent = build_agent(settings, model=model)
        selected = load_cases(cases, smoke_only=smoke)
    except (ConfigError, OSError, ValidationError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_CONFIG) from exc
    typer.echo(f"model: {agent.model.name}; {len(selected)} cases")
    results = asyncio.run(run_cases(agent, selected))
    typer.echo(format_table(results))
    if pass_rate(results) < min_pass:
        typer.echo(f"pass rate {pass_rate(results):.0%} is below --min-pass {min_pass:.0%}", err=True)
        raise typer.Exit(EXIT_FAILED)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Run the HTTP API (and execute runs); the database is migrated on start."""
    import uvicorn

    from twelve_factor.server.app import create_app

    settings = get_settings()
    configure_logging(settings.tfa_log_format, settings.tfa_log_level)
    try:
        agent = build_agent(settings)  # fail here, with the fix, rather than on the first request
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_CONFIG) from exc
    typer.echo(f"model: {agent.model.name}")
    uvicorn.run(create_app(settings, agent=agent), host=host, port=port, log_config=None, timeout_graceful_shutdown=5)


@app.command()
def worker() -> None:
    """Execute runs without serving HTTP (scale-out next to `tfa serve` on one database)."""
    import signal

    from twelve_factor.server.worker import run_worker

    settings = get_settings()
    configure_logging(settings.tfa_log_format, settings.tfa_log_level)

    async def work() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_worker(settings, stop)

    try:
        asyncio.run(work())
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_CONFIG) from exc


client_app = typer.Typer(help="Talk to a running server over HTTP.", no_args_is_help=True)
app.add_typer(client_app, name="client")


@client_app.command("launch")
def client_launch(
    task: Annotated[str, typer.Argument(help="what the agent should do")],
    url: Annotated[str | None, typer.Option(help="the API (default TFA_URL, http://127.0.0.1:8000)")] = None,
    token: Annotated[str | None, typer.Option(help="API token (default TFA_API_TOKEN)")] = None,
    max_steps: Annotated[int | None, typer.Option(min=1, max=1000, help="step budget")] = None,
) -> None:
    """Launch a run on the server, follow it live, answer its questions and approvals here."""
    from twelve_factor.client.errors import ClientError
    from twelve_factor.client.http import Client
    from twelve_factor.client.remote import follow_in_terminal

    settings = get_settings()
    secret = settings.tfa_api_token.get_secret_value() if settings.tfa_api_token else None
    terminal = Terminal(sys.stdout)
    try:
        with Client(url or settings.tfa_url, token=token or secret) as api:
            state = api.launch(task, max_steps)
            terminal.say(f"run {state.id} on {url or settings.tfa_url} (model {state.model})")
            code = follow_in_terminal(api, state.id, terminal)
    except ClientError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_FAILED) from exc
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()
