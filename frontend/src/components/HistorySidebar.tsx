import { useId } from "react";
import { RUN_STATUSES, type RunStatus, type RunSummary } from "../api/types";
import { preview } from "../lib/format";
import { STATUS_LABELS } from "../lib/runs";
import { ErrorMessage } from "./ErrorMessage";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";

interface HistorySidebarProps {
  items: RunSummary[];
  filter: RunStatus | "";
  selectedId: string | null;
  now: number;
  loading: boolean;
  hasMore: boolean;
  error?: unknown;
  onFilterChange: (status: RunStatus | "") => void;
  onSelect: (id: string) => void;
  onLoadMore: () => void;
  onRetry?: () => void;
}

/** Every run, newest first, with a status filter and "load more". */
export function HistorySidebar(props: HistorySidebarProps) {
  const { items, filter, selectedId, now, loading, hasMore, error } = props;
  const headingId = useId();
  return (
    <nav className="history" aria-labelledby={headingId}>
      <div className="history__head">
        <h2 id={headingId} className="history__title">
          History
        </h2>
        <label className="field field--inline field--compact">
          <span className="field__label">Filter by status</span>
          <select value={filter} onChange={(event) => props.onFilterChange(event.target.value as RunStatus | "")}>
            <option value="">All runs</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} title="Could not load the history" onRetry={props.onRetry} />
      {!loading && !error && items.length === 0 && (
        <p className="muted history__empty">{filter ? `No runs are ${STATUS_LABELS[filter].toLowerCase()}.` : "No runs yet. Launch one!"}</p>
      )}
      <ul className="history__list">
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="history__item"
              aria-current={item.id === selectedId ? "true" : undefined}
              onClick={() => props.onSelect(item.id)}
            >
              <span className="history__prompt">{preview(item.input_prompt) || "(empty task)"}</span>
              <span className="history__meta">
                <StatusBadge status={item.status} />
                <span className="muted">
                  <RelativeTime iso={item.created_at} now={now} /> · {item.steps} {item.steps === 1 ? "step" : "steps"}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {hasMore && (
        <button type="button" className="button button--ghost history__more" disabled={loading} onClick={props.onLoadMore}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
      {loading && !hasMore && items.length === 0 && <p className="muted">Loading…</p>}
    </nav>
  );
}
