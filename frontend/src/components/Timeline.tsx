import type { ReactNode } from "react";
import { formatCompact, formatDuration } from "../lib/format";
import type { QuestionEntry, StatusEntry, StepEntry, TimelineEntry } from "../lib/timeline";
import { AlertIcon, CheckIcon, ClockIcon, CrossIcon, PauseIcon, PlayIcon, QuestionIcon, ShieldIcon } from "./Icons";

interface TimelineProps {
  entries: TimelineEntry[];
  /** The run is still going, so a call without an outcome is in progress rather than abandoned. */
  active: boolean;
}

/** The run's thread, step by step: each tool call with its arguments, outcome, timings and tokens. */
export function Timeline({ entries, active }: TimelineProps) {
  if (!entries.length) return <p className="muted">No events yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry) => (
        <li key={entry.seq} className={`timeline__item timeline__item--${entry.kind}`} data-seq={entry.seq}>
          {entry.kind === "task" && (
            <Row icon={<PlayIcon />} title="Task">
              <p className="timeline__text">{entry.content}</p>
              <p className="muted">Step limit {entry.maxSteps}</p>
            </Row>
          )}
          {entry.kind === "step" && <Step entry={entry} active={active} />}
          {entry.kind === "question" && <Question entry={entry} />}
          {entry.kind === "status" && <Status entry={entry} />}
        </li>
      ))}
    </ol>
  );
}

function Row({ icon, title, meta, children }: { icon: ReactNode; title: ReactNode; meta?: ReactNode; children?: ReactNode }) {
  return (
    <article className="timeline__row">
      <span className="timeline__icon">{icon}</span>
      <div className="timeline__body">
        <header className="timeline__header">
          <h4 className="timeline__title">{title}</h4>
          {meta && <span className="timeline__meta">{meta}</span>}
        </header>
        {children}
      </div>
    </article>
  );
}

function Step({ entry, active }: { entry: StepEntry; active: boolean }) {
  const facts = [
    entry.modelMs !== null && `model ${formatDuration(entry.modelMs)}`,
    entry.result?.durationMs != null && `tool ${formatDuration(entry.result.durationMs)}`,
    entry.error?.durationMs != null && `tool ${formatDuration(entry.error.durationMs)}`,
    entry.usage && `${entry.usage.prompt_tokens} + ${entry.usage.completion_tokens} tokens`,
  ].filter(Boolean);
  // ask_human and final_answer show their one argument as the question or answer below.
  const shownElsewhere = entry.question !== undefined || entry.finalAnswer !== undefined;
  const hasArguments = Object.keys(entry.arguments).length > 0 && !shownElsewhere;
  return (
    <Row
      icon={entry.error ? <AlertIcon /> : <CheckIcon />}
      title={
        <>
          Step {entry.step}: <code className="tool-name">{entry.name || "(no tool)"}</code>
        </>
      }
      meta={facts.join(" · ")}
    >
      {hasArguments && (
        <div className="timeline__block">
          <span className="timeline__label">Arguments</span>
          <pre className="code">{formatCompact(entry.arguments)}</pre>
        </div>
      )}
      {entry.question !== undefined && (
        <p className="timeline__question">
          <QuestionIcon /> Asked: {entry.question}
        </p>
      )}
      {entry.answer !== undefined && <p className="timeline__answer">Answered: {entry.answer}</p>}
      {entry.approval && <Approval approval={entry.approval} />}
      {entry.result && (
        <div className="timeline__block timeline__block--result">
          <span className="timeline__label">Result</span>
          <pre className="code">{formatCompact(entry.result.output)}</pre>
        </div>
      )}
      {entry.error && (
        <p className="timeline__error" role="note">
          <strong>Error ({entry.error.kind.replace(/_/g, " ")}):</strong> {entry.error.message}
        </p>
      )}
      {entry.finalAnswer !== undefined && <p className="timeline__final">Final answer: {entry.finalAnswer}</p>}
      {active && isOpen(entry) && <p className="muted timeline__pending">Waiting for the outcome…</p>}
    </Row>
  );
}

function isOpen(entry: StepEntry): boolean {
  if (entry.result || entry.error || entry.finalAnswer !== undefined) return false;
  if (entry.question !== undefined) return entry.answer === undefined;
  if (entry.approval) return entry.approval.decided && entry.approval.approved;
  return true;
}

function Approval({ approval }: { approval: NonNullable<StepEntry["approval"]> }) {
  if (!approval.decided) {
    return (
      <p className="timeline__approval">
        <ShieldIcon /> Waiting for approval
      </p>
    );
  }
  return approval.approved ? (
    <p className="timeline__approval timeline__approval--approved">
      <CheckIcon /> Approved{approval.comment ? `: ${approval.comment}` : ""}
    </p>
  ) : (
    <p className="timeline__approval timeline__approval--rejected">
      <CrossIcon /> Rejected{approval.comment ? `: ${approval.comment}` : ""}
    </p>
  );
}

function Question({ entry }: { entry: QuestionEntry }) {
  return (
    <Row icon={<QuestionIcon />} title="Question for a person">
      <p className="timeline__text">{entry.question}</p>
      {entry.answer !== undefined && <p className="timeline__answer">Answered: {entry.answer}</p>}
    </Row>
  );
}

const STATUS_TEXT: Record<StatusEntry["status"], string> = {
  paused: "Paused",
  resumed: "Resumed",
  max_steps_reached: "Step limit reached",
  failed: "Failed",
  cancelled: "Cancelled",
};

function Status({ entry }: { entry: StatusEntry }) {
  const icon =
    entry.status === "paused" ? <PauseIcon /> : entry.status === "resumed" ? <PlayIcon /> : entry.status === "max_steps_reached" ? <ClockIcon /> : <AlertIcon />;
  const budget = entry.status === "resumed" && entry.maxSteps ? ` with a budget of ${entry.maxSteps} steps` : "";
  return (
    <Row icon={icon} title={`${STATUS_TEXT[entry.status]}${budget}`}>
      {entry.reason && <p className="timeline__text">{entry.reason}</p>}
    </Row>
  );
}
