/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the API when it is not the page's own (e.g. http://localhost:8000). */
  readonly VITE_API_URL?: string;
}
