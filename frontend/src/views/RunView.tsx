import { useEffect, useMemo, useRef, useState } from "react";
import { useApi } from "../api/context";
import type { RunState, RunSummary } from "../api/types";
import { useRun, type Transport } from "../api/useRun";
import { ApprovalPanel } from "../components/ApprovalPanel";
import { ErrorMessage } from "../components/ErrorMessage";
import { HumanInputDialog } from "../components/HumanInputDialog";
import { QuestionIcon } from "../components/Icons";
import { RunControls } from "../components/RunControls";
import { RunOverview } from "../components/RunOverview";
import { Timeline } from "../components/Timeline";
import { isFinal, STATUS_LABELS } from "../lib/runs";
import { buildTimeline } from "../lib/timeline";

type Place = "answer" | "approval" | "controls";

interface RunViewProps {
  runId: string;
  now: number;
  /** Called with the run's latest summary, so the history can show it without waiting for its refresh. */
  onSummary: (summary: RunSummary) => void;
}

const TRANSPORT_TEXT: Record<Transport, string> = {
  connecting: "Connecting…",
  live: "Live",
  polling: "Live (polling)",
  closed: "Finished",
};

function summaryOf(run: RunState): RunSummary {
  const { id, status, input_prompt, steps, max_steps, final_answer, error, model, created_at, updated_at } = run;
  return { id, status, input_prompt, steps, max_steps, final_answer, error, model, created_at, updated_at };
}

/** One run: its summary, controls, the question or approval it waits for, and its timeline, all live. */
export function RunView({ runId, now, onSummary }: RunViewProps) {
  const { api } = useApi();
  const { run, events, error, transport, applyState } = useRun(runId);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ place: Place; error: unknown } | null>(null);
  const [pausing, setPausing] = useState(false);
  const [dismissedQuestion, setDismissedQuestion] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const entries = useMemo(() => buildTimeline(events), [events]);
  const status = run?.status;

  useEffect(() => {
    heading.current?.focus();
  }, [runId]);

  useEffect(() => {
    if (run) onSummary(summaryOf(run));
  }, [run, onSummary]);

  useEffect(() => {
    if (!status) return;
    document.title = `${STATUS_LABELS[status]} · Twelve-Factor Agents`;
    return () => {
      document.title = "Twelve-Factor Agents";
    };
  }, [status]);

  // A requested pause ends with any status change; the latest status is kept in a
  // ref because the pause response can arrive after the stream already said "paused".
  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(() => {
    setPausing(false);
  }, [status]);

  async function act(place: Place, call: () => Promise<RunState>): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      applyState(await call());
    } catch (caught) {
      setFailure({ place, error: caught });
    } finally {
      setBusy(false);
    }
  }

  const errorAt = (place: Place) => (failure?.place === place ? failure.error : null);

  const top = (
    <div className="run__top">
      <h2 id="run-heading" ref={heading} tabIndex={-1} className="run__heading">
        Run <code title={runId}>{runId.slice(0, 8)}</code>
      </h2>
      {run && <span className={`transport transport--${transport}`}>{TRANSPORT_TEXT[transport]}</span>}
    </div>
  );

  if (!run) {
    return (
      <section className="run" aria-labelledby="run-heading">
        {top}
        {error ? <ErrorMessage error={error} title="Could not load this run" /> : <p className="muted">Loading run…</p>}
      </section>
    );
  }

  const question = run.status === "waiting_human_input" ? run.pending_question : null;
  const approval = run.status === "waiting_approval" ? run.pending_approval : null;
  const dialogOpen = question !== null && dismissedQuestion !== question.call_id;

  return (
    <section className="run" aria-labelledby="run-heading">
      {top}
      {error && <ErrorMessage error={error} title="Lost contact with the server; retrying" />}
      <RunOverview run={run} now={now} />
      {question && (
        <div className="panel panel--question">
          <p>
            <QuestionIcon /> The agent asks: <strong>{question.question}</strong>
          </p>
          {!dialogOpen && (
            <button type="button" className="button button--primary" onClick={() => setDismissedQuestion(null)}>
              Answer the question
            </button>
          )}
        </div>
      )}
      {approval && (
        <ApprovalPanel
          key={approval.call_id}
          approval={approval}
          busy={busy}
          error={errorAt("approval")}
          onApprove={() => void act("approval", () => api.approve(run.id, true, undefined, approval.call_id))}
          onReject={(comment) => void act("approval", () => api.approve(run.id, false, comment, approval.call_id))}
        />
      )}
      <RunControls
        status={run.status}
        busy={busy}
        pausing={pausing}
        onPause={() =>
          void act("controls", async () => {
            const state = await api.pause(run.id);
            setPausing(state.status === "running" && statusRef.current === "running");
            return state;
          })
        }
        onResume={(maxSteps) => void act("controls", () => api.resume(run.id, maxSteps))}
        onCancel={() => void act("controls", () => api.cancel(run.id))}
      />
      <ErrorMessage error={errorAt("controls")} title="That did not work" onDismiss={() => setFailure(null)} />
      <h3 className="run__subheading">Steps</h3>
      <Timeline entries={entries} active={!isFinal(run.status)} />
      {dialogOpen && question && (
        <HumanInputDialog
          key={question.call_id}
          question={question.question}
          busy={busy}
          error={errorAt("answer")}
          onClose={() => setDismissedQuestion(question.call_id)}
          onSubmit={(answer) => void act("answer", () => api.provideInput(run.id, answer))}
        />
      )}
    </section>
  );
}
