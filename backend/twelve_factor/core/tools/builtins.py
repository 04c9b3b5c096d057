"""Control tools every agent has: they change the run's flow instead of computing."""

from twelve_factor.core.tools.registry import tool

ASK_HUMAN = "ask_human"
FINAL_ANSWER = "final_answer"


@tool(name=ASK_HUMAN)
def ask_human(question: str) -> None:
    """Ask a person a question when the task is unclear or you are stuck; the run waits for the answer."""


@tool(name=FINAL_ANSWER)
def final_answer(answer: str) -> None:
    """Give the final answer to the user's task once it is known; this ends the run."""


CONTROL_TOOLS = (ask_human, final_answer)
