import { useState } from "react";
import type { RunStatus } from "../api/types";
import { allowedActions } from "../lib/runs";
import { PauseIcon, PlayIcon, StopIcon } from "./Icons";
import { parseStepLimit } from "./TaskForm";

interface RunControlsProps {
  status: RunStatus;
  busy?: boolean;
  /** A pause was asked for and takes effect at the next step boundary. */
  pausing?: boolean;
  onPause: () => void;
  onResume: (maxSteps?: number) => void;
  onCancel: () => void;
}

/** Pause, resume (with an optional new step budget) and cancel — each shown only when the status allows it. */
export function RunControls({ status, busy = false, pausing = false, onPause, onResume, onCancel }: RunControlsProps) {
  const allowed = allowedActions(status);
  const [steps, setSteps] = useState("");
  const [confirmCancel, setConfirmCancel] = useState(false);
  const limit = parseStepLimit(steps);

  if (!allowed.pause && !allowed.resume && !allowed.cancel) return null;

  return (
    <div className="controls" role="group" aria-label="Run controls">
      {allowed.pause && (
        <button type="button" className="button" disabled={busy || pausing} onClick={onPause}>
          <PauseIcon /> {pausing ? "Pausing…" : "Pause"}
        </button>
      )}
      {allowed.resume && (
        <>
          <label className="field field--inline field--compact">
            <span className="field__label">New step limit (optional)</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              placeholder="same"
              value={steps}
              aria-invalid={Boolean(limit.error)}
              onChange={(event) => setSteps(event.target.value)}
            />
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={busy || Boolean(limit.error)}
            onClick={() => onResume(limit.value)}
          >
            <PlayIcon /> Resume
          </button>
          {limit.error && <p className="field__error">{limit.error}</p>}
        </>
      )}
      {allowed.cancel &&
        (confirmCancel ? (
          <span className="controls__confirm" role="group" aria-label="Confirm cancel">
            <span>Cancel this run for good?</span>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => {
                setConfirmCancel(false);
                onCancel();
              }}
            >
              Yes, cancel run
            </button>
            <button type="button" className="button button--ghost" onClick={() => setConfirmCancel(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirmCancel(true)}>
            <StopIcon /> Cancel run
          </button>
        ))}
    </div>
  );
}
