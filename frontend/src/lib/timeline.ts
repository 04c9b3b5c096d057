/** Turn a run's flat event thread into the steps a person reads: each call with what became of it. */

import type { ThreadEvent, TokenUsage, ToolErrorKind } from "../api/types";

export interface TaskEntry {
  kind: "task";
  seq: number;
  at: string;
  content: string;
  maxSteps: number;
}

export interface StepEntry {
  kind: "step";
  seq: number;
  at: string;
  /** 1-based number of this model step in the run. */
  step: number;
  callId: string;
  name: string;
  arguments: Record<string, unknown>;
  model: string | null;
  usage: TokenUsage | null;
  /** Time the model took to choose this call. */
  modelMs: number | null;
  result?: { output: unknown; durationMs: number | null };
  error?: { kind: ToolErrorKind; message: string; durationMs: number | null };
  question?: string;
  answer?: string;
  approval?: { decided: false } | { decided: true; approved: boolean; comment: string | null };
  finalAnswer?: string;
}

/** A question the run asked on its own (after repeated errors), not through a tool call. */
export interface QuestionEntry {
  kind: "question";
  seq: number;
  at: string;
  callId: string;
  question: string;
  answer?: string;
}

export interface StatusEntry {
  kind: "status";
  seq: number;
  at: string;
  status: "paused" | "resumed" | "max_steps_reached" | "failed" | "cancelled";
  reason: string | null;
  maxSteps: number | null;
}

export type TimelineEntry = TaskEntry | StepEntry | QuestionEntry | StatusEntry;

/** Group events by call_id under the tool call that started them; other events stand alone. Pure. */
export function buildTimeline(events: readonly ThreadEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const byCall = new Map<string, StepEntry | QuestionEntry>();
  let step = 0;

  for (const event of events) {
    switch (event.type) {
      case "user_input":
        entries.push({
          kind: "task",
          seq: event.seq,
          at: event.created_at,
          content: event.data.content,
          maxSteps: event.data.max_steps,
        });
        break;
      case "tool_call": {
        step += 1;
        const entry: StepEntry = {
          kind: "step",
          seq: event.seq,
          at: event.created_at,
          step,
          callId: event.data.call_id,
          name: event.data.name,
          arguments: event.data.arguments,
          model: event.data.model,
          usage: event.data.usage,
          modelMs: event.data.duration_ms,
        };
        entries.push(entry);
        byCall.set(entry.callId, entry);
        break;
      }
      case "tool_result": {
        const entry = stepFor(byCall, event.data.call_id);
        if (entry) entry.result = { output: event.data.output, durationMs: event.data.duration_ms };
        break;
      }
      case "tool_error": {
        const entry = stepFor(byCall, event.data.call_id);
        if (entry) {
          entry.error = { kind: event.data.kind, message: event.data.message, durationMs: event.data.duration_ms };
        }
        break;
      }
      case "human_question": {
        const owner = byCall.get(event.data.call_id);
        if (owner) {
          owner.question = event.data.question;
        } else {
          const entry: QuestionEntry = {
            kind: "question",
            seq: event.seq,
            at: event.created_at,
            callId: event.data.call_id,
            question: event.data.question,
          };
          entries.push(entry);
          byCall.set(entry.callId, entry);
        }
        break;
      }
      case "human_answer": {
        const owner = byCall.get(event.data.call_id);
        if (owner) owner.answer = event.data.answer;
        break;
      }
      case "approval_request": {
        const entry = stepFor(byCall, event.data.call_id);
        if (entry) entry.approval = { decided: false };
        break;
      }
      case "approval_decision": {
        const entry = stepFor(byCall, event.data.call_id);
        if (entry) {
          entry.approval = { decided: true, approved: event.data.approved, comment: event.data.comment };
        }
        break;
      }
      case "final_answer": {
        const entry = stepFor(byCall, event.data.call_id);
        if (entry) entry.finalAnswer = event.data.answer;
        break;
      }
      case "status":
        entries.push({
          kind: "status",
          seq: event.seq,
          at: event.created_at,
          status: event.data.status,
          reason: event.data.reason,
          maxSteps: event.data.max_steps,
        });
        break;
    }
  }
  return entries;
}

function stepFor(byCall: Map<string, StepEntry | QuestionEntry>, callId: string): StepEntry | undefined {
  const entry = byCall.get(callId);
  return entry?.kind === "step" ? entry : undefined;
}
