import { expect, test, type Page } from "@playwright/test";

// Each story is a scenario of e2e/scenarios.json, chosen by the "[story:…]" tag in the task.
// The stories run in order in one browser against one server, so the last can check the history.
test.describe.configure({ mode: "serial" });

const STORIES = {
  complete: "[story:complete] multiply 3 and 4, then add 12",
  ask: "[story:ask] square a number I choose",
  approve: "[story:approve] compute 2 to the 10th power",
  reject: "[story:reject] compute 2 to the 64th power",
  limit: "[story:limit] add some numbers with a tight step limit",
  pause: "[story:pause] double 1 five times, slowly",
};

/** Launch a task from the form and wait for its run view; returns the run id. */
async function launch(page: Page, task: string, stepLimit?: number): Promise<string> {
  await page.goto("/");
  await page.getByLabel("Task").fill(task);
  if (stepLimit !== undefined) await page.getByLabel("Step limit (optional)").fill(String(stepLimit));
  await page.getByRole("button", { name: "Launch agent" }).click();
  await expect(page).toHaveURL(/#\/runs\/[\w-]+$/);
  await expect(summary(page)).toContainText(task);
  return decodeURIComponent(new URL(page.url()).hash.replace("#/runs/", ""));
}

const summary = (page: Page) => page.getByRole("region", { name: "Run summary" });
const status = (page: Page) => summary(page).locator(".badge");
const controls = (page: Page) => page.getByRole("group", { name: "Run controls" });
const step = (page: Page, n: number, tool: string) => page.getByRole("heading", { name: `Step ${n}: ${tool}` });

async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

test("launch a task and watch it live to completion", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (request) => requests.push(new URL(request.url()).pathname));
  await launch(page, STORIES.complete);

  await expect(step(page, 1, "multiply_numbers")).toBeVisible();
  await expect(step(page, 2, "sum_numbers")).toBeVisible();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("3 times 4 is 12, and 12 plus 12 is 24.");
  await expect(page.getByTestId("steps")).toHaveText("3 / 10");
  await expect(page.getByText("Finished", { exact: true })).toBeVisible();

  const first = page.locator(".timeline__item--step").first();
  await expect(first).toContainText('"a": 3');
  await expect(first.locator(".timeline__block--result")).toContainText("12");
  await expect(first.locator(".timeline__meta")).toContainText(/model \d/);
  // Updates came over the SSE stream, not the polling fallback.
  expect(requests.some((path) => path.endsWith("/stream"))).toBe(true);
  expect(requests.some((path) => path.endsWith("/events"))).toBe(false);
  // A finished run offers no controls.
  await expect(page.getByRole("group", { name: "Run controls" })).toHaveCount(0);
  await snap(page, "1-complete");
});

test("answer the agent's question in the dialog", async ({ page }) => {
  await launch(page, STORIES.ask);
  const dialog = page.getByRole("dialog", { name: "The agent needs your input" });
  await expect(dialog).toContainText("Which number should I square?");
  await expect(status(page)).toHaveText("Needs input");
  await expect(dialog.getByLabel("Your answer")).toBeFocused();
  await snap(page, "2a-question-dialog");
  await page.keyboard.type("7");
  await dialog.getByRole("button", { name: "Send answer" }).click();

  await expect(dialog).toBeHidden();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("7 squared is 49.");
  await expect(page.getByText("Answered: 7")).toBeVisible();
  await expect(step(page, 2, "multiply_numbers")).toBeVisible();
  await snap(page, "2-ask-human");
});

test("approve a tool call that needs approval", async ({ page }) => {
  await launch(page, STORIES.approve);
  const panel = page.getByRole("region", { name: "Approval needed" });
  await expect(panel).toContainText("power");
  await expect(panel.getByLabel("Arguments for power")).toContainText('"exponent": 10');
  await expect(status(page)).toHaveText("Needs approval");
  await snap(page, "3a-approval-panel");
  await panel.getByRole("button", { name: "Approve" }).click();

  await expect(panel).toBeHidden();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("2 to the 10th is 1024.");
  const call = page.locator(".timeline__item--step").first();
  await expect(call).toContainText("Approved");
  await expect(call.locator(".timeline__block--result")).toContainText("1024");
  await snap(page, "3-approved");
});

test("reject a tool call with a comment", async ({ page }) => {
  await launch(page, STORIES.reject);
  const panel = page.getByRole("region", { name: "Approval needed" });
  await expect(panel.getByLabel("Arguments for power")).toContainText('"exponent": 64');
  await panel.getByLabel(/Comment/).fill("far too large");
  await panel.getByRole("button", { name: "Reject" }).click();

  await expect(panel).toBeHidden();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("I did not compute 2^64: the call was rejected.");
  const call = page.locator(".timeline__item--step").first();
  await expect(call).toContainText("Rejected: far too large");
  await expect(call.locator(".timeline__block--result")).toHaveCount(0);
  await snap(page, "4-rejected");
});

test("reach the step limit, then resume to completion", async ({ page }) => {
  await launch(page, STORIES.limit, 2);
  await expect(status(page)).toHaveText("Step limit reached");
  await expect(page.getByTestId("steps")).toHaveText("2 / 2");
  await expect(page.getByRole("heading", { name: "Step limit reached" })).toBeVisible();
  await expect(controls(page).getByRole("button", { name: "Pause" })).toHaveCount(0);

  await controls(page).getByRole("button", { name: "Resume" }).click();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("The total is 12.");
  await expect(page.getByRole("heading", { name: /^Resumed/ })).toBeVisible();
  await expect(step(page, 4, "final_answer")).toBeVisible();
  await snap(page, "5-step-limit-resumed");
});

test("pause a running run, then resume it", async ({ page }) => {
  await launch(page, STORIES.pause);
  await expect(step(page, 1, "sum_numbers")).toBeVisible();
  await controls(page).getByRole("button", { name: "Pause" }).click();

  await expect(status(page)).toHaveText("Paused");
  await expect(page.getByRole("heading", { name: "Paused", exact: true })).toBeVisible();
  await expect(controls(page).getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(controls(page).getByRole("button", { name: /^Paus/ })).toHaveCount(0);
  await expect(page.getByTestId("final-answer")).toHaveCount(0);
  await snap(page, "6a-paused");

  await controls(page).getByRole("button", { name: "Resume" }).click();
  await expect(status(page)).toHaveText("Complete");
  await expect(page.getByTestId("final-answer")).toHaveText("Doubled five times: 32.");
  await expect(step(page, 6, "final_answer")).toBeVisible();
  await snap(page, "6b-pause-resumed");
});

test("the history lists every run, newest first, and filters by status", async ({ page }) => {
  await page.goto("/");
  const history = page.getByRole("navigation", { name: "History" });
  const rows = history.getByRole("listitem");
  await expect(rows).toHaveCount(6);
  const expected = [STORIES.pause, STORIES.limit, STORIES.reject, STORIES.approve, STORIES.ask, STORIES.complete];
  for (const [index, task] of expected.entries()) {
    await expect(rows.nth(index)).toContainText(task);
    await expect(rows.nth(index).locator(".badge")).toHaveText("Complete");
  }

  await history.getByLabel("Filter by status").selectOption("failed");
  await expect(history.getByText("No runs are failed.")).toBeVisible();
  await history.getByLabel("Filter by status").selectOption("complete");
  await expect(rows).toHaveCount(6);

  await rows.nth(3).getByRole("button").click();
  await expect(page.getByTestId("final-answer")).toHaveText("2 to the 10th is 1024.");
  await expect(rows.nth(3).getByRole("button")).toHaveAttribute("aria-current", "true");
  await snap(page, "7-history");
});

test("an unknown run is explained in words", async ({ page }) => {
  await page.goto("/#/runs/no-such-run");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Could not load this run");
  await expect(alert).toContainText(/no-such-run/);
  await snap(page, "8-unknown-run");
});

test("works at phone width: history behind a button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const history = page.getByRole("navigation", { name: "History" });
  await expect(history).toBeHidden();
  const toggle = page.getByRole("button", { name: "History" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(history).toBeVisible();
  await history.getByRole("listitem").first().getByRole("button").click();
  await expect(history).toBeHidden();
  await expect(page.getByTestId("final-answer")).toHaveText("Doubled five times: 32.");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, "9-phone");
});

test("cancel a running run after confirming", async ({ page }) => {
  await launch(page, "[story:cancel] a run nobody needs");
  await expect(step(page, 1, "sum_numbers")).toBeVisible();
  await controls(page).getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("button", { name: "Yes, cancel run" }).click();

  await expect(status(page)).toHaveText("Cancelled");
  await expect(page.getByRole("heading", { name: "Cancelled", exact: true })).toBeVisible();
  await expect(controls(page)).toHaveCount(0);
  await expect(page.getByTestId("final-answer")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "History" }).getByRole("listitem").first().locator(".badge")).toHaveText(
    "Cancelled",
  );
  await snap(page, "11-cancelled");
});
