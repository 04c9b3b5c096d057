/** What a person may do with a run in each status, and how statuses read. */

import type { RunStatus } from "../api/types";

export const STATUS_LABELS: Record<RunStatus, string> = {
  running: "Running",
  paused: "Paused",
  waiting_human_input: "Needs input",
  waiting_approval: "Needs approval",
  complete: "Complete",
  failed: "Failed",
  max_steps_reached: "Step limit reached",
  cancelled: "Cancelled",
};

/** Complete and cancelled runs never change again. */
export function isFinal(status: RunStatus): boolean {
  return status === "complete" || status === "cancelled";
}

export interface AllowedActions {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
}

/** Mirrors the server's rules: pause only a running run; resume paused, failed or step-limited runs; cancel any unfinished run. */
export function allowedActions(status: RunStatus): AllowedActions {
  return {
    pause: status === "running",
    resume: status === "paused" || status === "failed" || status === "max_steps_reached",
    cancel: !isFinal(status),
  };
}
