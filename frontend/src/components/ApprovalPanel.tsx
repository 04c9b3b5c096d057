import { useId, useState } from "react";
import type { PendingApproval } from "../api/types";
import { formatValue } from "../lib/format";
import { ErrorMessage } from "./ErrorMessage";
import { CheckIcon, CrossIcon, ShieldIcon } from "./Icons";

interface ApprovalPanelProps {
  approval: PendingApproval;
  busy?: boolean;
  error?: unknown;
  onApprove: () => void;
  onReject: (comment: string) => void;
}

/** The exact call waiting for a person, with approve and reject (with a comment). */
export function ApprovalPanel({ approval, busy = false, error, onApprove, onReject }: ApprovalPanelProps) {
  const [comment, setComment] = useState("");
  const headingId = useId();
  return (
    <section className="panel panel--approval" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel__title">
        <ShieldIcon /> Approval needed
      </h3>
      <p>
        The agent wants to call <code className="tool-name">{approval.name}</code> with these arguments:
      </p>
      <pre className="code" aria-label={`Arguments for ${approval.name}`}>
        {formatValue(approval.arguments)}
      </pre>
      <label className="field">
        <span className="field__label">Comment (optional; the agent sees it when you reject)</span>
        <textarea value={comment} rows={2} onChange={(event) => setComment(event.target.value)} />
      </label>
      <ErrorMessage error={error} title="The decision was not accepted" />
      <div className="panel__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={onApprove}>
          <CheckIcon /> Approve
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={() => onReject(comment.trim())}>
          <CrossIcon /> Reject
        </button>
      </div>
    </section>
  );
}
