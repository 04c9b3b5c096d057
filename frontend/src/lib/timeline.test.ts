import { call, result, task, thread } from "../test/fixtures";
import { buildTimeline, type StepEntry } from "./timeline";

describe("buildTimeline", () => {
  it("numbers tool calls and attaches each outcome to its call", () => {
    const entries = buildTimeline(
      thread(
        task(),
        call("call_1", "multiply_numbers", { a: 3, b: 4 }, { duration_ms: 12, usage: { prompt_tokens: 50, completion_tokens: 7 } }),
        result("call_1", "multiply_numbers", 12, 0.4),
        call("call_3", "divide_numbers", { a: 1, b: 0 }),
        { type: "tool_error", data: { call_id: "call_3", name: "divide_numbers", kind: "tool_failed", message: "division by zero", duration_ms: 1 } },
        call("call_5", "final_answer", { answer: "12" }),
        { type: "final_answer", data: { call_id: "call_5", answer: "12" } },
      ),
    );
    expect(entries.map((entry) => entry.kind)).toEqual(["task", "step", "step", "step"]);
    const [, first, second, third] = entries as [unknown, StepEntry, StepEntry, StepEntry];
    expect(first).toMatchObject({ step: 1, name: "multiply_numbers", arguments: { a: 3, b: 4 }, modelMs: 12 });
    expect(first.usage).toEqual({ prompt_tokens: 50, completion_tokens: 7 });
    expect(first.result).toEqual({ output: 12, durationMs: 0.4 });
    expect(second.error).toEqual({ kind: "tool_failed", message: "division by zero", durationMs: 1 });
    expect(third).toMatchObject({ step: 3, finalAnswer: "12" });
  });

  it("keeps a question and its answer on the ask_human call", () => {
    const [, step] = buildTimeline(
      thread(
        task(),
        call("call_1", "ask_human", { question: "Which numbers?" }),
        { type: "human_question", data: { call_id: "call_1", question: "Which numbers?" } },
        { type: "human_answer", data: { call_id: "call_1", answer: "3 and 4" } },
      ),
    ) as [unknown, StepEntry];
    expect(step.question).toBe("Which numbers?");
    expect(step.answer).toBe("3 and 4");
  });

  it("records approval requests and decisions, then the approved result", () => {
    const entries = buildTimeline(
      thread(
        task(),
        call("call_1", "power", { base: 2, exponent: 10 }),
        { type: "approval_request", data: { call_id: "call_1", name: "power", arguments: { base: 2, exponent: 10 } } },
        { type: "approval_decision", data: { call_id: "call_1", approved: true, comment: null } },
        result("call_1", "power", 1024),
        call("call_5", "power", { base: 3, exponent: 3 }),
        { type: "approval_request", data: { call_id: "call_5", name: "power", arguments: { base: 3, exponent: 3 } } },
        { type: "approval_decision", data: { call_id: "call_5", approved: false, comment: "too big" } },
      ),
    ) as [unknown, StepEntry, StepEntry];
    expect(entries[1].approval).toEqual({ decided: true, approved: true, comment: null });
    expect(entries[1].result?.output).toBe(1024);
    expect(entries[2].approval).toEqual({ decided: true, approved: false, comment: "too big" });
    expect(entries[2].result).toBeUndefined();
  });

  it("shows escalation questions and status changes as their own entries", () => {
    const entries = buildTimeline(
      thread(
        task(),
        { type: "human_question", data: { call_id: "escalation_1", question: "How should it continue?" } },
        { type: "human_answer", data: { call_id: "escalation_1", answer: "try again" } },
        { type: "status", data: { status: "max_steps_reached", reason: "used its 1 steps", max_steps: null } },
        { type: "status", data: { status: "resumed", reason: null, max_steps: 5 } },
      ),
    );
    expect(entries.slice(1)).toMatchObject([
      { kind: "question", question: "How should it continue?", answer: "try again" },
      { kind: "status", status: "max_steps_reached", reason: "used its 1 steps" },
      { kind: "status", status: "resumed", maxSteps: 5 },
    ]);
  });
});
