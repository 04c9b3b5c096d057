import { useState, type FormEvent } from "react";
import { ErrorMessage } from "./ErrorMessage";
import { PlayIcon } from "./Icons";

interface TaskFormProps {
  busy?: boolean;
  error?: unknown;
  /** Resolves true when the run was launched, so the form can clear. */
  onLaunch: (prompt: string, maxSteps?: number) => Promise<boolean>;
}

export const MAX_STEPS_LIMIT = 1000;

/** Parse the optional step limit: undefined when empty, an error sentence when not 1..1000. */
export function parseStepLimit(raw: string): { value?: number; error?: string } {
  const text = raw.trim();
  if (!text) return {};
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_STEPS_LIMIT) {
    return { error: `The step limit must be a whole number from 1 to ${MAX_STEPS_LIMIT}.` };
  }
  return { value };
}

/** The task box and an optional step limit. */
export function TaskForm({ busy = false, error, onLaunch }: TaskFormProps) {
  const [prompt, setPrompt] = useState("");
  const [steps, setSteps] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!prompt.trim()) {
      setProblem("Describe the task for the agent first.");
      return;
    }
    const limit = parseStepLimit(steps);
    if (limit.error) {
      setProblem(limit.error);
      return;
    }
    setProblem(null);
    if (await onLaunch(prompt.trim(), limit.value)) {
      setPrompt("");
    }
  }

  return (
    <form className="task-form" onSubmit={submit} noValidate aria-label="Launch an agent">
      <label className="field">
        <span className="field__label">Task</span>
        <textarea
          name="prompt"
          rows={3}
          placeholder="e.g. multiply 3 and 4, then add 12"
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
          }}
        />
      </label>
      <div className="task-form__row">
        <label className="field field--inline">
          <span className="field__label">Step limit (optional)</span>
          <input
            name="max_steps"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_STEPS_LIMIT}
            placeholder="server default"
            value={steps}
            onChange={(event) => setSteps(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          <PlayIcon /> {busy ? "Launching…" : "Launch agent"}
        </button>
      </div>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={error} title="Could not launch the run" />
    </form>
  );
}
