import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

// Playwright loads this file in the runner and again in each worker; values
// chosen once go into the environment so every process agrees on them.
function once(name: string, make: () => string): string {
  process.env[name] ??= make();
  return process.env[name]!;
}

function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
delete process.env.TFA_API_TOKEN; // the servers inherit this environment; these tests run without a token
const apiPort = once("E2E_API_PORT", freePort);
const uiPort = once("E2E_UI_PORT", freePort);
const dataDir = once("E2E_DATA_DIR", () => mkdtempSync(join(tmpdir(), "tfa-e2e-")));
const tfa = once("E2E_TFA", () => process.env.TFA_BIN ?? join(root, ".venv", "bin", "tfa"));
const scenarios = once("E2E_SCENARIOS", () => resolve(here, "e2e", "scenarios.json"));
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${uiPort}`,
    browserName: "chromium",
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: [
    {
      // The real API with the scripted test double acting out the stories in e2e/scenarios.json.
      command: `exec "${tfa}" serve --host 127.0.0.1 --port ${apiPort}`,
      url: `http://127.0.0.1:${apiPort}/healthz`,
      cwd: root,
      env: {
        TFA_MODEL: `scripted:${scenarios}`,
        TFA_REQUIRE_APPROVAL: "power",
        DATABASE_URL: `sqlite:///${join(dataDir, "e2e.db")}`,
        TFA_MAX_STEPS: "10",
        TFA_LOG_LEVEL: "WARNING",
        TFA_UI_DIR: join(dataDir, "no-ui"),
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // The built UI, as ./start.sh serves it, proxying the API paths to the server above.
      command: `node_modules/.bin/vite build --logLevel warn && exec node_modules/.bin/vite preview --host 127.0.0.1 --port ${uiPort} --strictPort`,
      url: `http://127.0.0.1:${uiPort}/`,
      cwd: here,
      env: { TFA_API_PROXY: `http://127.0.0.1:${apiPort}` },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
