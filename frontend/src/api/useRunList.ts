/** The history list: newest runs first, filtered by status, paged, refreshed live. */

import { useCallback, useEffect, useRef, useState } from "react";
import { useApi } from "./context";
import { ApiError } from "./errors";
import type { RunStatus, RunSummary } from "./types";

export const PAGE_SIZE = 20;
export const REFRESH_INTERVAL_MS = 3000;

export interface RunList {
  items: RunSummary[];
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  loadMore: () => void;
  /** Fetch the newest page again now (after a launch, say). */
  refresh: () => void;
  /** Update one listed run from fresher data (the run view's live state). */
  patch: (summary: Partial<RunSummary> & { id: string }) => void;
}

function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, String(caught));
}

/** Fresh first page first, then the older items we had that it does not include. */
function mergeFirstPage(fresh: RunSummary[], current: RunSummary[]): RunSummary[] {
  const ids = new Set(fresh.map((item) => item.id));
  const oldest = fresh[fresh.length - 1];
  const older = current.filter((item) => !ids.has(item.id) && (!oldest || item.created_at <= oldest.created_at));
  return [...fresh, ...older];
}

export function useRunList(status: RunStatus | ""): RunList {
  const { api, tokenVersion } = useApi();
  const [items, setItems] = useState<RunSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  // Responses for an older filter or token must not overwrite the current list.
  const generation = useRef(0);
  const pagedPastFirst = useRef(false);

  const refresh = useCallback(async () => {
    const mine = generation.current;
    try {
      const page = await api.listRuns({ status, limit: PAGE_SIZE });
      if (mine !== generation.current) return;
      setItems((current) => mergeFirstPage(page.items, current));
      if (!pagedPastFirst.current) setCursor(page.next_cursor);
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(asApiError(caught));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, status]);

  useEffect(() => {
    generation.current += 1;
    pagedPastFirst.current = false;
    setItems([]);
    setCursor(null);
    setLoading(true);
    void refresh();
    const timer = setInterval(() => {
      if (typeof document === "undefined" || !document.hidden) void refresh();
    }, REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [refresh, tokenVersion]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    const mine = generation.current;
    setLoading(true);
    try {
      const page = await api.listRuns({ status, limit: PAGE_SIZE, cursor });
      if (mine !== generation.current) return;
      pagedPastFirst.current = true;
      setItems((current) => {
        const ids = new Set(current.map((item) => item.id));
        return [...current, ...page.items.filter((item) => !ids.has(item.id))];
      });
      setCursor(page.next_cursor);
      setError(null);
    } catch (caught) {
      if (mine === generation.current) setError(asApiError(caught));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, status, cursor]);

  const patch = useCallback(
    (summary: Partial<RunSummary> & { id: string }) => {
      setItems((current) => {
        const index = current.findIndex((item) => item.id === summary.id);
        if (index < 0) return current;
        const merged = { ...current[index]!, ...summary };
        // A run that no longer matches the filter leaves the list.
        if (status && merged.status !== status) return current.filter((item) => item.id !== summary.id);
        const changed = (Object.keys(summary) as (keyof RunSummary)[]).some((key) => current[index]![key] !== merged[key]);
        if (!changed) return current;
        const next = current.slice();
        next[index] = merged;
        return next;
      });
    },
    [status],
  );

  return {
    items,
    hasMore: cursor !== null,
    loading,
    error,
    loadMore: () => void loadMore(),
    refresh: () => void refresh(),
    patch,
  };
}
