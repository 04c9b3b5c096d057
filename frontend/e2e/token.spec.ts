import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

// A second API that requires TFA_API_TOKEN, with its own database, and a second
// `vite preview` of the already-built UI proxying to it.
const TOKEN = "e2e-secret-token";
const children: ChildProcess[] = [];
let uiUrl = "";

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status < 500;
  } catch {
    return false; // not listening yet
  }
}

test.beforeAll(async () => {
  const [apiPort, uiPort] = [await freePort(), await freePort()];
  const dataDir = process.env.E2E_DATA_DIR!;
  const { TFA_API_TOKEN: _unused, ...environment } = process.env;
  children.push(
    spawn(process.env.E2E_TFA!, ["serve", "--host", "127.0.0.1", "--port", String(apiPort)], {
      env: {
        ...environment,
        TFA_API_TOKEN: TOKEN,
        TFA_MODEL: `scripted:${process.env.E2E_SCENARIOS}`,
        DATABASE_URL: `sqlite:///${join(dataDir, "token.db")}`,
        TFA_UI_DIR: join(dataDir, "no-ui"),
        TFA_LOG_LEVEL: "WARNING",
      },
      stdio: "ignore",
    }),
    spawn("node_modules/.bin/vite", ["preview", "--host", "127.0.0.1", "--port", String(uiPort), "--strictPort"], {
      env: { ...environment, TFA_API_PROXY: `http://127.0.0.1:${apiPort}` },
      stdio: "ignore",
    }),
  );
  uiUrl = `http://127.0.0.1:${uiPort}/`;
  await expect.poll(() => answers(`http://127.0.0.1:${apiPort}/healthz`), { timeout: 60_000 }).toBe(true);
  await expect.poll(() => answers(uiUrl), { timeout: 60_000 }).toBe(true);
});

test.afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
});

test("asks for the API token, keeps it, and uses it for requests and the stream", async ({ page }) => {
  const streams: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/stream")) streams.push(request.url());
  });
  await page.goto(uiUrl);
  const panel = page.getByRole("region", { name: "API token needed" });
  await expect(panel).toBeVisible();
  await expect(page.getByRole("alert").first()).toContainText("missing or wrong API token");

  await panel.getByLabel("API token").fill(TOKEN);
  await panel.getByRole("button", { name: "Save token" }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByRole("button", { name: "Token set" })).toBeVisible();

  await page.getByLabel("Task").fill("[story:complete] with a token");
  await page.getByRole("button", { name: "Launch agent" }).click();
  await expect(page.getByTestId("final-answer")).toHaveText("3 times 4 is 12, and 12 plus 12 is 24.");
  expect(streams.length).toBeGreaterThan(0);
  expect(streams.every((url) => new URL(url).searchParams.get("token") === TOKEN)).toBe(true);

  await page.reload();
  await expect(page.getByRole("navigation", { name: "History" }).getByText("[story:complete] with a token")).toBeVisible();
  await expect(panel).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/10-api-token.png", fullPage: true });
});
