"""`tfa client launch`: follow a run on the server live, answering its questions and approvals at the prompt."""

from __future__ import annotations

from twelve_factor.client.http import Client
from twelve_factor.client.terminal import EXIT_COMPLETE, EXIT_FAILED, EXIT_STOPPED, Terminal
from twelve_factor.core.state import RunStatus
from twelve_factor.wire import State

# Statuses after which the server ends the stream or the run needs a person.
_ASKS: frozenset[RunStatus] = frozenset({"waiting_human_input", "waiting_approval", "paused", "max_steps_reached"})


def follow_in_terminal(api: Client, run_id: str, terminal: Terminal) -> int:
    """Print the run's events as they happen and act for the person when it waits; returns the exit code."""
    handled_seq = -1
    for item in api.follow(run_id):
        if not isinstance(item, State):
            terminal.show([item])
            continue
        if item.status == "complete":
            return EXIT_COMPLETE
        if item.status in ("failed", "cancelled"):
            terminal.say(f"run {item.status}: {item.error}")
            return EXIT_FAILED
        if item.status in _ASKS and item.last_seq > handled_seq:
            handled_seq = item.last_seq
            if not _act(api, item, terminal):
                return EXIT_STOPPED
    return EXIT_STOPPED


def _act(api: Client, state: State, terminal: Terminal) -> bool:
    """Answer, decide or resume; False when the person stops."""
    if state.status == "waiting_human_input":
        answer = terminal.ask("your answer: ")
        if answer is None:
            terminal.say("no answer; the run waits on the server")
            return False
        api.provide_input(state.id, answer)
        return True
    if state.status == "waiting_approval":
        decision = terminal.decide()
        if decision is None:
            terminal.say("no decision; the run waits on the server")
            return False
        pending = state.pending_approval
        api.approve(state.id, decision[0], decision[1], pending.call_id if pending else None)
        return True
    if not terminal.confirm(f"run {state.status}; continue with {state.max_steps} more steps?"):
        return False
    api.resume(state.id)
    return True
