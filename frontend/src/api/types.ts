/** Wire types of the Twelve-Factor Agents HTTP API (see the API contract). */

export const RUN_STATUSES = [
  "running",
  "paused",
  "waiting_human_input",
  "waiting_approval",
  "complete",
  "failed",
  "max_steps_reached",
  "cancelled",
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** One item of `context` in the original spec's shapes. */
export type ContextItem =
  | { role: string; content: string }
  | { type: "function_call"; name: string; arguments: string; call_id: string }
  | { type: "function_call_output"; call_id: string; output: string };

export interface PendingQuestion {
  call_id: string;
  question: string;
}

export interface PendingApproval {
  call_id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** A run as returned by launch, state, resume, provide_input, pause, approve and cancel. */
export interface RunState {
  id: string;
  status: RunStatus;
  steps: number;
  steps_in_budget: number;
  max_steps: number;
  context: ContextItem[];
  pending_tool_calls: ContextItem[];
  error: string | null;
  final_answer: string | null;
  input_prompt: string;
  model: string;
  pending_question: PendingQuestion | null;
  pending_approval: PendingApproval | null;
  prompt_tokens: number;
  completion_tokens: number;
  last_seq: number;
  created_at: string;
  updated_at: string;
}

/** One row of the history list. */
export interface RunSummary {
  id: string;
  status: RunStatus;
  input_prompt: string;
  steps: number;
  max_steps: number;
  final_answer: string | null;
  error: string | null;
  model: string;
  created_at: string;
  updated_at: string;
}

export interface RunPage {
  items: RunSummary[];
  next_cursor: string | null;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type ToolErrorKind = "unknown_tool" | "invalid_arguments" | "tool_failed" | "invalid_model_output";

interface EventBase<T extends string, D> {
  seq: number;
  type: T;
  data: D;
  created_at: string;
}

/** One event of a run's append-only thread. */
export type ThreadEvent =
  | EventBase<"user_input", { content: string; max_steps: number }>
  | EventBase<
      "tool_call",
      {
        call_id: string;
        name: string;
        arguments: Record<string, unknown>;
        usage: TokenUsage | null;
        model: string | null;
        duration_ms: number | null;
      }
    >
  | EventBase<"tool_result", { call_id: string; name: string; output: unknown; duration_ms: number | null }>
  | EventBase<
      "tool_error",
      { call_id: string; name: string; kind: ToolErrorKind; message: string; duration_ms: number | null }
    >
  | EventBase<"human_question", { call_id: string; question: string }>
  | EventBase<"human_answer", { call_id: string; answer: string }>
  | EventBase<"approval_request", { call_id: string; name: string; arguments: Record<string, unknown> }>
  | EventBase<"approval_decision", { call_id: string; approved: boolean; comment: string | null }>
  | EventBase<"final_answer", { call_id: string; answer: string }>
  | EventBase<
      "status",
      {
        status: "paused" | "resumed" | "max_steps_reached" | "failed" | "cancelled";
        reason: string | null;
        max_steps: number | null;
      }
    >;

export type ThreadEventType = ThreadEvent["type"];

export interface ToolInfo {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  requires_approval: boolean;
}

export interface Health {
  status: string;
  database: string;
  model: string;
  version: string;
}
