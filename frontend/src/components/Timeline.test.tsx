import { render, screen, within } from "@testing-library/react";
import { buildTimeline } from "../lib/timeline";
import { call, result, task, thread } from "../test/fixtures";
import { Timeline } from "./Timeline";

function renderThread(events: Parameters<typeof thread>, active = false) {
  return render(<Timeline entries={buildTimeline(thread(...events))} active={active} />);
}

describe("Timeline", () => {
  it("shows each tool call with its arguments, result, durations and tokens", () => {
    renderThread([
      task("multiply 3 and 4"),
      call("call_1", "multiply_numbers", { a: 3, b: 4 }, { duration_ms: 320, usage: { prompt_tokens: 120, completion_tokens: 9 } }),
      result("call_1", "multiply_numbers", 12, 2),
    ]);
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText("multiply 3 and 4")).toBeInTheDocument();
    const step = items[1]!;
    expect(within(step).getByRole("heading")).toHaveTextContent("Step 1: multiply_numbers");
    expect(within(step).getByText(/"a": 3/)).toBeInTheDocument();
    expect(within(step).getByText("Result").nextSibling).toHaveTextContent("12");
    expect(step).toHaveTextContent("model 320 ms · tool 2 ms · 120 + 9 tokens");
  });

  it("shows a tool error with its kind and message", () => {
    renderThread([
      task(),
      call("call_1", "divide_numbers", { a: 1, b: 0 }),
      { type: "tool_error", data: { call_id: "call_1", name: "divide_numbers", kind: "tool_failed", message: "cannot divide by zero", duration_ms: 1 } },
    ]);
    expect(screen.getByRole("note")).toHaveTextContent("Error (tool failed): cannot divide by zero");
  });

  it("shows questions with answers, approvals with rejection comments, and the final answer", () => {
    renderThread([
      task(),
      call("call_1", "ask_human", { question: "Which base?" }),
      { type: "human_question", data: { call_id: "call_1", question: "Which base?" } },
      { type: "human_answer", data: { call_id: "call_1", answer: "two" } },
      call("call_4", "power", { base: 2, exponent: 64 }),
      { type: "approval_request", data: { call_id: "call_4", name: "power", arguments: { base: 2, exponent: 64 } } },
      { type: "approval_decision", data: { call_id: "call_4", approved: false, comment: "too large" } },
      call("call_7", "final_answer", { answer: "done" }),
      { type: "final_answer", data: { call_id: "call_7", answer: "done" } },
    ]);
    expect(screen.getByText("Asked: Which base?", { exact: false })).toBeInTheDocument();
    expect(screen.getByText("Answered: two")).toBeInTheDocument();
    expect(screen.getByText(/Rejected: too large/)).toBeInTheDocument();
    expect(screen.getByText("Final answer: done")).toBeInTheDocument();
  });

  it("marks a call still waiting for its outcome only while the run is active", () => {
    const events: Parameters<typeof thread> = [task(), call("call_1", "sum_numbers", { a: 1, b: 2 })];
    const { unmount } = renderThread(events, true);
    expect(screen.getByText("Waiting for the outcome…")).toBeInTheDocument();
    unmount();
    renderThread(events, false);
    expect(screen.queryByText("Waiting for the outcome…")).not.toBeInTheDocument();
  });

  it("shows status changes with their reasons", () => {
    renderThread([
      task(),
      { type: "status", data: { status: "max_steps_reached", reason: "the run used its 2 steps", max_steps: null } },
      { type: "status", data: { status: "resumed", reason: null, max_steps: 4 } },
    ]);
    expect(screen.getByRole("heading", { name: "Step limit reached" })).toBeInTheDocument();
    expect(screen.getByText("the run used its 2 steps")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Resumed with a budget of 4 steps" })).toBeInTheDocument();
  });
});
