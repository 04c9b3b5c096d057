/** The optional API token, kept in localStorage so a reload keeps it. */

const KEY = "tfa.apiToken";
let memory = ""; // used when localStorage is blocked (private mode, sandboxed frames)

export function readToken(): string {
  try {
    return window.localStorage.getItem(KEY) ?? memory;
  } catch {
    return memory;
  }
}

export function writeToken(token: string): void {
  memory = token;
  try {
    if (token) window.localStorage.setItem(KEY, token);
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage blocked: `memory` keeps the token for this page.
  }
}
