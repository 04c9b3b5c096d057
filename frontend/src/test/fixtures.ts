/** Builders for API objects in tests. */

import type { RunState, RunSummary, ThreadEvent } from "../api/types";

const AT = "2026-01-01T12:00:00Z";

export function makeRun(overrides: Partial<RunState> = {}): RunState {
  return {
    id: "11111111-2222-3333-4444-555555555555",
    status: "running",
    steps: 0,
    steps_in_budget: 0,
    max_steps: 10,
    context: [],
    pending_tool_calls: [],
    error: null,
    final_answer: null,
    input_prompt: "multiply 3 and 4",
    model: "scripted:demo.json",
    pending_question: null,
    pending_approval: null,
    prompt_tokens: 0,
    completion_tokens: 0,
    last_seq: 0,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  const run = makeRun();
  return {
    id: run.id,
    status: run.status,
    input_prompt: run.input_prompt,
    steps: 0,
    max_steps: 10,
    final_answer: null,
    error: null,
    model: run.model,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

/** Events numbered from 0 in the order given. */
export function thread(...items: Omit<ThreadEvent, "seq" | "created_at">[]): ThreadEvent[] {
  return items.map((item, seq) => ({ ...item, seq, created_at: AT }) as ThreadEvent);
}

export const task = (content = "multiply 3 and 4", max_steps = 10) =>
  ({ type: "user_input", data: { content, max_steps } }) as const;

export const call = (call_id: string, name: string, args: Record<string, unknown>, extra = {}) =>
  ({
    type: "tool_call",
    data: { call_id, name, arguments: args, usage: null, model: "scripted", duration_ms: null, ...extra },
  }) as const;

export const result = (call_id: string, name: string, output: unknown, duration_ms: number | null = null) =>
  ({ type: "tool_result", data: { call_id, name, output, duration_ms } }) as const;

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
