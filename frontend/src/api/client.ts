/** The typed HTTP client: the only code in the UI that calls `fetch`. */

import { ApiError, errorFromResponse } from "./errors";
import { readToken } from "./token";
import type { Health, RunPage, RunState, RunStatus, ThreadEvent, ToolInfo } from "./types";

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the API; "" means the page's own origin. */
  baseUrl?: string;
  /** Returns the current API token ("" for none); read on every request. */
  getToken?: () => string;
  fetch?: typeof fetch;
}

export interface ListRunsParams {
  status?: RunStatus | "";
  limit?: number;
  cursor?: string | null;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Default base URL: VITE_API_URL at build time, else the page's own origin. */
export const DEFAULT_BASE_URL: string = (import.meta.env.VITE_API_URL ?? "").replace(/\/+$/, "");

export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const getToken = options.getToken ?? readToken;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  function url(path: string, query: Record<string, string | number | null | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
    }
    const search = params.toString();
    return `${baseUrl}${path}${search ? `?${search}` : ""}`;
  }

  async function request<T>(method: "GET" | "POST", path: string, body?: unknown, query = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(url(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      const where = baseUrl || "this site";
      throw new ApiError(0, `Cannot reach the API at ${where}. Is the server running?`);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return (await response.json()) as T;
  }

  return {
    baseUrl,

    launch: (inputPrompt: string, maxSteps?: number) =>
      request<RunState>("POST", "/agent/launch", {
        input_prompt: inputPrompt,
        ...(maxSteps === undefined ? {} : { max_steps: maxSteps }),
      }),
    getState: (id: string) => request<RunState>("GET", `/agent/state/${encodeURIComponent(id)}`),
    resume: (id: string, maxSteps?: number) =>
      request<RunState>("POST", "/agent/resume", { id, ...(maxSteps === undefined ? {} : { max_steps: maxSteps }) }),
    provideInput: (id: string, answer: string) => request<RunState>("POST", "/agent/provide_input", { id, answer }),
    pause: (id: string) => request<RunState>("POST", "/agent/pause", { id }),
    approve: (id: string, approved: boolean, comment?: string, callId?: string) =>
      request<RunState>("POST", "/agent/approve", {
        id,
        approved,
        ...(comment ? { comment } : {}),
        ...(callId ? { call_id: callId } : {}),
      }),
    cancel: (id: string, reason?: string) =>
      request<RunState>("POST", "/agent/cancel", { id, ...(reason ? { reason } : {}) }),
    listRuns: ({ status, limit, cursor }: ListRunsParams = {}) =>
      request<RunPage>("GET", "/agent/runs", undefined, { status, limit, cursor }),
    events: async (id: string, after = -1) =>
      (await request<{ events: ThreadEvent[] }>("GET", `/agent/runs/${encodeURIComponent(id)}/events`, undefined, {
        after,
      })).events,
    tools: () => request<ToolInfo[]>("GET", "/tools"),
    health: () => request<Health>("GET", "/healthz"),

    /** URL of a run's SSE stream; the token goes in the query because EventSource cannot send headers. */
    streamUrl: (id: string, after = -1) =>
      url(`/agent/runs/${encodeURIComponent(id)}/stream`, { after, token: getToken() || undefined }),
  };
}
