import type { RunState } from "../api/types";
import { StatusBadge } from "./StatusBadge";
import { RelativeTime } from "./RelativeTime";

interface RunOverviewProps {
  run: RunState;
  now: number;
}

/** Status, budget, model and the answer — what a person looks at first. */
export function RunOverview({ run, now }: RunOverviewProps) {
  return (
    <section className="overview" aria-label="Run summary">
      <p className="overview__task">{run.input_prompt}</p>
      <dl className="overview__facts">
        <div>
          <dt>Status</dt>
          <dd aria-live="polite">
            <StatusBadge status={run.status} />
          </dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd data-testid="steps">
            {run.steps_in_budget} / {run.max_steps}
            {run.steps !== run.steps_in_budget && <span className="muted"> ({run.steps} in all)</span>}
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd className="overview__model">{run.model || "—"}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {run.prompt_tokens} in / {run.completion_tokens} out
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <RelativeTime iso={run.created_at} now={now} />
          </dd>
        </div>
      </dl>
      {run.final_answer !== null && (
        <div className="answer" role="status">
          <h3 className="answer__title">Final answer</h3>
          <p className="answer__text" data-testid="final-answer">
            {run.final_answer}
          </p>
        </div>
      )}
      {run.error && run.status !== "complete" && (
        <p className={`overview__error overview__error--${run.status}`} data-testid="run-error">
          {run.error}
        </p>
      )}
    </section>
  );
}
