import { useCallback, useEffect, useState } from "react";

const PREFIX = "#/runs/";

function runIdFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(PREFIX.length)).trim();
  return id || null;
}

/** The selected run lives in the URL hash (#/runs/<id>), so a link or reload shows the same run. */
export function useSelectedRun(): [string | null, (id: string | null) => void] {
  const [runId, setRunId] = useState(() => runIdFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRunId(runIdFromHash(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  const select = useCallback((id: string | null) => {
    window.location.hash = id ? `${PREFIX}${encodeURIComponent(id)}` : "";
    setRunId(id);
  }, []);
  return [runId, select];
}
