/** Live view of one run: its state and events, through SSE, falling back to polling. */

import { useCallback, useEffect, useRef, useState } from "react";
import { mergeEvents } from "../lib/events";
import { isFinal } from "../lib/runs";
import { useApi } from "./context";
import { ApiError } from "./errors";
import type { RunState, ThreadEvent } from "./types";

/** How updates arrive: "live" is the SSE stream, "polling" the fallback, "closed" a finished run. */
export type Transport = "connecting" | "live" | "polling" | "closed";

export interface RunView {
  run: RunState | null;
  events: ThreadEvent[];
  /** The last error loading the run (null once an update arrives again). */
  error: ApiError | null;
  transport: Transport;
  /** Apply the State an action returned, unless the stream already brought a newer one. */
  applyState: (state: RunState) => void;
}

export const POLL_INTERVAL_MS = 1000;
/** Consecutive stream errors without any message before we give up on SSE. */
const MAX_STREAM_FAILURES = 3;

export function useRun(runId: string): RunView {
  const { api, tokenVersion } = useApi();
  const [run, setRun] = useState<RunState | null>(null);
  const [events, setEvents] = useState<ThreadEvent[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [transport, setTransport] = useState<Transport>("connecting");
  const [restart, setRestart] = useState(0);
  const lastSeqRef = useRef(-1);
  const runRef = useRef<RunState | null>(null);

  const acceptState = useCallback((state: RunState) => {
    const current = runRef.current;
    // State is a pure function of the events, so a State with a lower last_seq is stale.
    if (current && current.id === state.id && state.last_seq < current.last_seq) return false;
    runRef.current = state;
    setRun(state);
    setError(null);
    return true;
  }, []);

  const acceptEvents = useCallback((batch: ThreadEvent[]) => {
    if (!batch.length) return;
    for (const event of batch) lastSeqRef.current = Math.max(lastSeqRef.current, event.seq);
    setEvents((current) => mergeEvents(current, batch));
  }, []);

  useEffect(() => {
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const finished = () => runRef.current !== null && isFinal(runRef.current.status);

    async function poll(): Promise<void> {
      if (stopped) return;
      try {
        const batch = await api.events(runId, lastSeqRef.current);
        const state = await api.getState(runId);
        if (stopped) return;
        acceptEvents(batch);
        acceptState(state);
        setTransport(isFinal(state.status) ? "closed" : "polling");
        if (isFinal(state.status)) return;
      } catch (caught) {
        if (stopped) return;
        const apiError = caught instanceof ApiError ? caught : new ApiError(0, String(caught));
        setError(apiError);
        if (apiError.status === 404) return; // no such run: nothing to wait for
        setTransport("polling");
      }
      timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    }

    function stream(): void {
      let failures = 0;
      source = new EventSource(api.streamUrl(runId, lastSeqRef.current));
      source.addEventListener("open", () => {
        failures = 0;
        setTransport("live");
      });
      source.addEventListener("thread_event", (message) => {
        failures = 0;
        acceptEvents([JSON.parse((message as MessageEvent<string>).data) as ThreadEvent]);
      });
      source.addEventListener("state", (message) => {
        failures = 0;
        acceptState(JSON.parse((message as MessageEvent<string>).data) as RunState);
        if (finished()) {
          source?.close();
          setTransport("closed");
        } else {
          setTransport("live");
        }
      });
      source.addEventListener("error", () => {
        if (stopped || !source) return;
        if (finished()) {
          source.close();
          setTransport("closed");
          return;
        }
        failures += 1;
        // EventSource retries by itself after a dropped connection; a refused one
        // (401, 404, a proxy without SSE) ends in CLOSED. Either way, after a few
        // failures in a row the plain JSON endpoints take over.
        if (source.readyState === EventSource.CLOSED || failures >= MAX_STREAM_FAILURES) {
          source.close();
          source = null;
          void poll();
        } else {
          setTransport("connecting");
        }
      });
    }

    if (typeof EventSource === "function") stream();
    else void poll();

    return () => {
      stopped = true;
      source?.close();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, runId, tokenVersion, restart, acceptEvents, acceptState]);

  const applyState = useCallback(
    (state: RunState) => {
      if (acceptState(state) && !isFinal(state.status) && transport === "closed") {
        setRestart((count) => count + 1);
      }
    },
    [acceptState, transport],
  );

  return { run, events, error, transport, applyState };
}
