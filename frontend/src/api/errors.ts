/** Errors from the API, carrying the server's own sentence (`detail`). */

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }

  /** The server wants a (different) API token. */
  get needsToken(): boolean {
    return this.status === 401;
  }
}

interface ValidationItem {
  loc?: unknown[];
  msg?: string;
}

/** Turn FastAPI's `detail` (a sentence, or 422's list of problems) into one readable message. */
export function detailMessage(detail: unknown): string | null {
  if (typeof detail === "string" && detail.trim()) return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    return detail
      .map((item: ValidationItem) => {
        const where = (item.loc ?? []).filter((part) => part !== "body").join(".");
        const what = item.msg ?? "is invalid";
        return where ? `${where}: ${what}` : what;
      })
      .join("; ");
  }
  return null;
}

/** Build the ApiError for a non-2xx response, reading its JSON `detail` when there is one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let message: string | null = null;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object" && "detail" in body) {
      message = detailMessage((body as { detail: unknown }).detail);
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status line below.
  }
  const statusLine = `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, message ?? `The server answered ${statusLine}.`);
}

/** Any thrown value as a sentence a person can read. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error);
}
