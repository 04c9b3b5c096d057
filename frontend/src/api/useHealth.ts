/** The API's health (model and database names), fetched once per token. */

import { useEffect, useState } from "react";
import { useApi } from "./context";
import { ApiError } from "./errors";
import type { Health } from "./types";

export function useHealth(): { health: Health | null; error: ApiError | null } {
  const { api, tokenVersion } = useApi();
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let stopped = false;
    api.health().then(
      (value) => {
        if (!stopped) {
          setHealth(value);
          setError(null);
        }
      },
      (caught: unknown) => {
        if (!stopped) setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
      },
    );
    return () => {
      stopped = true;
    };
  }, [api, tokenVersion]);
  return { health, error };
}
