import { useCallback, useState } from "react";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import type { RunStatus, RunSummary } from "../api/types";
import { useHealth } from "../api/useHealth";
import { useRunList } from "../api/useRunList";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { HistorySidebar } from "../components/HistorySidebar";
import { KeyIcon, MenuIcon } from "../components/Icons";
import { TaskForm } from "../components/TaskForm";
import { TokenForm } from "../components/TokenForm";
import { useNow } from "../lib/useNow";
import { ErrorBoundary } from "./ErrorBoundary";
import { RunView } from "./RunView";
import { useSelectedRun } from "./useRoute";

/** The whole screen: header, history sidebar, task form and the selected run. */
export function App() {
  const { api, token, setToken } = useApi();
  const [runId, selectRun] = useSelectedRun();
  const [filter, setFilter] = useState<RunStatus | "">("");
  const history = useRunList(filter);
  const { health, error: healthError } = useHealth();
  const now = useNow();
  const [launching, setLaunching] = useState(false);
  const [launchError, setLaunchError] = useState<unknown>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [tokenOpen, setTokenOpen] = useState(false);

  const needsToken = [history.error, healthError, launchError].some(
    (error) => error instanceof ApiError && error.needsToken,
  );
  const { patch } = history;
  const onSummary = useCallback((summary: RunSummary) => patch(summary), [patch]);

  async function launch(prompt: string, maxSteps?: number): Promise<boolean> {
    setLaunching(true);
    setLaunchError(null);
    try {
      const run = await api.launch(prompt, maxSteps);
      selectRun(run.id);
      history.refresh();
      return true;
    } catch (caught) {
      setLaunchError(caught);
      return false;
    } finally {
      setLaunching(false);
    }
  }

  function saveToken(next: string) {
    setToken(next);
    setTokenOpen(false);
    setLaunchError(null);
  }

  return (
    <div className="app">
      <header className="topbar">
        <button
          type="button"
          className="button button--ghost topbar__menu"
          aria-expanded={historyOpen}
          aria-controls="history-panel"
          onClick={() => setHistoryOpen((open) => !open)}
        >
          <MenuIcon /> History
        </button>
        <h1 className="topbar__title">
          <a href="#/" onClick={() => selectRun(null)}>
            Twelve-Factor Agents
          </a>
        </h1>
        <span className="topbar__health" aria-label="Server">
          {health ? (
            <>
              <span className="dot dot--ok" aria-hidden="true" /> {health.model} · {health.database}
            </>
          ) : healthError ? (
            <>
              <span className="dot dot--bad" aria-hidden="true" /> API unavailable
            </>
          ) : null}
        </span>
        <button type="button" className="button button--ghost" onClick={() => setTokenOpen(true)}>
          <KeyIcon /> {token ? "Token set" : "API token"}
        </button>
      </header>
      <div className="layout">
        <aside id="history-panel" className="sidebar" data-open={historyOpen}>
          <HistorySidebar
            items={history.items}
            filter={filter}
            selectedId={runId}
            now={now}
            loading={history.loading}
            hasMore={history.hasMore}
            error={history.error}
            onFilterChange={setFilter}
            onSelect={(id) => {
              selectRun(id);
              setHistoryOpen(false);
            }}
            onLoadMore={history.loadMore}
            onRetry={history.refresh}
          />
        </aside>
        <main className="main">
          {needsToken && (
            <section className="panel panel--token" aria-label="API token needed">
              <p>This server needs an API token. Enter the value of its TFA_API_TOKEN.</p>
              <TokenForm initial={token} onSave={saveToken} />
            </section>
          )}
          {healthError && !healthError.needsToken && !history.error && (
            <ErrorMessage error={healthError} title="The API health check failed" />
          )}
          <TaskForm busy={launching} error={launchError} onLaunch={launch} />
          <ErrorBoundary key={runId ?? "none"}>
            {runId ? (
              <RunView key={runId} runId={runId} now={now} onSummary={onSummary} />
            ) : (
              <p className="muted main__hint">Launch a task, or pick a run from the history to watch it.</p>
            )}
          </ErrorBoundary>
        </main>
      </div>
      {tokenOpen && (
        <Dialog title="API token" onClose={() => setTokenOpen(false)}>
          <TokenForm initial={token} onSave={saveToken} onCancel={() => setTokenOpen(false)} />
        </Dialog>
      )}
    </div>
  );
}
