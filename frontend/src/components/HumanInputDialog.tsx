import { useRef, useState, type FormEvent } from "react";
import { Dialog } from "./Dialog";
import { ErrorMessage } from "./ErrorMessage";

interface HumanInputDialogProps {
  question: string;
  busy?: boolean;
  error?: unknown;
  onSubmit: (answer: string) => void;
  /** Close without answering; the run keeps waiting. */
  onClose: () => void;
}

/** The agent's question and a box for the person's answer. */
export function HumanInputDialog({ question, busy = false, error, onSubmit, onClose }: HumanInputDialogProps) {
  const [answer, setAnswer] = useState("");
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const empty = !answer.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (empty || busy) {
      input.current?.focus();
      return;
    }
    onSubmit(answer.trim());
  }

  return (
    <Dialog title="The agent needs your input" onClose={onClose} initialFocus={input}>
      <form onSubmit={submit} noValidate>
        <p className="dialog__question" id="human-question">
          {question}
        </p>
        <label className="field">
          <span className="field__label">Your answer</span>
          <textarea
            ref={input}
            value={answer}
            rows={3}
            aria-describedby="human-question"
            aria-invalid={touched && empty}
            onChange={(event) => setAnswer(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
            }}
          />
        </label>
        {touched && empty && <p className="field__error">Write an answer before sending it.</p>}
        <ErrorMessage error={error} title="Your answer was not accepted" />
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Later
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? "Sending…" : "Send answer"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
