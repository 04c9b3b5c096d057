/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development and `vite preview` the UI is served on :3000 and these paths
// are proxied to the API, so the browser sees one origin (no CORS, and the
// SSE stream works as it will when the API serves the built UI itself).
const apiTarget = process.env.TFA_API_PROXY ?? "http://127.0.0.1:8000";
const proxy = Object.fromEntries(
  ["/agent", "/tools", "/healthz"].map((path) => [path, { target: apiTarget, changeOrigin: true }]),
);

export default defineConfig({
  plugins: [react()],
  server: { port: 3000, strictPort: true, proxy },
  preview: { port: 3000, strictPort: true, proxy },
  build: { outDir: "dist", sourcemap: true },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
