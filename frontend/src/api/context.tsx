/** Hands the API client to views, and lets the person change the API token. */

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { createApiClient, type ApiClient } from "./client";
import { readToken, writeToken } from "./token";

interface ApiContextValue {
  api: ApiClient;
  token: string;
  setToken: (token: string) => void;
  /** Changes whenever the token does, so hooks that depend on it reconnect. */
  tokenVersion: number;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ client, children }: { client?: ApiClient; children: ReactNode }) {
  const [token, setTokenState] = useState(readToken);
  const [tokenVersion, setTokenVersion] = useState(0);
  const api = useMemo(() => client ?? createApiClient(), [client]);
  const setToken = useCallback((next: string) => {
    writeToken(next.trim());
    setTokenState(next.trim());
    setTokenVersion((version) => version + 1);
  }, []);
  const value = useMemo(() => ({ api, token, setToken, tokenVersion }), [api, token, setToken, tokenVersion]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error("useApi must be used inside <ApiProvider>");
  return value;
}
