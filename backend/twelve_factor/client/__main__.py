"""The original spec's example client, unchanged in spirit: `python -m twelve_factor.client ["task"]`.

Launch, poll the state, and when the run waits for human input find the
last `ask_human` function_call in `context`, ask at the prompt and post the
answer. Only the original endpoints and State fields are used.
"""

from __future__ import annotations

import json
import sys
import time

import httpx

from twelve_factor.settings import get_settings

POLL_SECONDS = 1.0
FINISHED = ("complete", "failed", "max_steps_reached", "cancelled")


def last_question(context: list[dict[str, object]]) -> str:
    """The question of the last `ask_human` call in the context."""
    for item in reversed(context):
        if item.get("type") == "function_call" and item.get("name") == "ask_human":
            arguments = json.loads(str(item.get("arguments") or "{}"))
            return str(arguments.get("question", ""))
    return ""


def main(task: str) -> int:
    """Run one task through the server; returns the exit code."""
    settings = get_settings()
    token = settings.tfa_api_token.get_secret_value() if settings.tfa_api_token else None
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=settings.tfa_url, headers=headers, timeout=30) as http:
        state = http.post("/agent/launch", json={"input_prompt": task}).raise_for_status().json()
        print(f"launched {state['id']}")
        seen_steps = -1
        while state["status"] not in FINISHED:
            if state["steps"] != seen_steps:
                seen_steps = state["steps"]
                print(f"status: {state['status']}, steps: {state['steps']}")
            if state["status"] == "waiting_human_input":
                answer = input(f"agent asks: {last_question(state['context'])}\nyour answer: ")
                response = http.post("/agent/provide_input", json={"id": state["id"], "answer": answer})
                state = response.raise_for_status().json()
                continue
            time.sleep(POLL_SECONDS)  # the original client polls; `tfa client launch` follows the stream instead
            state = http.get(f"/agent/state/{state['id']}").raise_for_status().json()
        print(f"status: {state['status']}")
        if state["final_answer"] is not None:
            print(f"final answer: {state['final_answer']}")
        elif state["error"]:
            print(f"error: {state['error']}")
        return 0 if state["status"] == "complete" else 1


if __name__ == "__main__":
    sys.exit(main(" ".join(sys.argv[1:]) or "multiply 3 and 4, then add 12"))
