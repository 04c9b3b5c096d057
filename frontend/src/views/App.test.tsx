import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createApiClient } from "../api/client";
import { ApiProvider } from "../api/context";

import { FakeEventSource } from "../test/fakeEventSource";
import { call, jsonResponse, makeRun, makeSummary, result, task, thread } from "../test/fixtures";
import { App } from "./App";

type Handler = (init: RequestInit, url: URL) => Response;

/** A fake API: routes "METHOD /path" to handlers and records every request. */
function fakeApi(routes: Record<string, Handler>) {
  const calls: { method: string; url: URL; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://ui.test");
    const method = init.method ?? "GET";
    calls.push({ method, url, init });
    const handler = routes[`${method} ${url.pathname}`];
    return handler ? handler(init, url) : jsonResponse({ detail: `no route ${method} ${url.pathname}` }, 404);
  });
  return { calls, client: createApiClient({ baseUrl: "", fetch }) };
}

const health = () => jsonResponse({ status: "ok", database: "sqlite", model: "scripted:demo.json", version: "0.1.0" });
const emptyList = () => jsonResponse({ items: [], next_cursor: null });

function renderApp(client: ReturnType<typeof createApiClient>) {
  return render(
    <ApiProvider client={client}>
      <App />
    </ApiProvider>,
  );
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  window.location.hash = "";
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("App", () => {
  it("launches a task, then shows its run updating live from the stream", async () => {
    const user = userEvent.setup();
    const run = makeRun({ id: "run-1", input_prompt: "multiply 3 and 4" });
    const { calls, client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": emptyList,
      "POST /agent/launch": () => jsonResponse(run),
    });
    renderApp(client);
    await user.type(screen.getByLabelText("Task"), "multiply 3 and 4");
    await user.click(screen.getByRole("button", { name: "Launch agent" }));

    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    expect(source.url).toBe("/agent/runs/run-1/stream?after=-1");
    expect(window.location.hash).toBe("#/runs/run-1");

    act(() => {
      source.open();
      for (const event of thread(task(), call("call_1", "multiply_numbers", { a: 3, b: 4 }), result("call_1", "multiply_numbers", 12))) {
        source.send("thread_event", event);
      }
      source.send("state", { ...run, status: "running", steps: 1, steps_in_budget: 1, last_seq: 2 });
    });
    expect(await screen.findByRole("heading", { name: "Step 1: multiply_numbers" })).toBeInTheDocument();
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(screen.getByTestId("steps")).toHaveTextContent("1 / 10");

    act(() => {
      source.send("thread_event", { seq: 3, type: "tool_call", created_at: run.created_at, data: { call_id: "call_3", name: "final_answer", arguments: { answer: "12" }, usage: null, model: null, duration_ms: null } });
      source.send("thread_event", { seq: 4, type: "final_answer", created_at: run.created_at, data: { call_id: "call_3", answer: "12" } });
      source.send("state", { ...run, status: "complete", final_answer: "12", steps: 2, steps_in_budget: 2, last_seq: 4 });
    });
    expect(await screen.findByTestId("final-answer")).toHaveTextContent("12");
    expect(screen.getByText("Finished")).toBeInTheDocument();
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    expect(screen.queryByRole("button", { name: /Pause|Resume|Cancel run/ })).not.toBeInTheDocument();
    const launches = calls.filter((entry) => entry.method === "POST");
    expect(JSON.parse(launches[0]!.init.body as string)).toEqual({ input_prompt: "multiply 3 and 4" });
  });

  it("opens the input dialog when the run asks a question and sends the answer", async () => {
    const user = userEvent.setup();
    window.location.hash = "#/runs/run-2";
    const waiting = makeRun({
      id: "run-2",
      status: "waiting_human_input",
      pending_question: { call_id: "call_1", question: "Which numbers should I multiply?" },
      last_seq: 2,
    });
    const { calls, client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": () => jsonResponse({ items: [makeSummary({ id: "run-2", status: "waiting_human_input" })], next_cursor: null }),
      "POST /agent/provide_input": () => jsonResponse({ ...waiting, status: "running", pending_question: null, last_seq: 3 }),
    });
    renderApp(client);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.latest().send("state", waiting));

    const dialog = await screen.findByRole("dialog", { name: "The agent needs your input" });
    expect(dialog).toHaveTextContent("Which numbers should I multiply?");
    await user.type(within(dialog).getByLabelText("Your answer"), "3 and 4");
    await user.click(within(dialog).getByRole("button", { name: "Send answer" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const answer = calls.find((entry) => entry.url.pathname === "/agent/provide_input");
    expect(JSON.parse(answer!.init.body as string)).toEqual({ id: "run-2", answer: "3 and 4" });
    expect(screen.getByRole("button", { name: "Pause" })).toBeInTheDocument();
  });

  it("shows a pause in progress until the paused state arrives, and resumes", async () => {
    const user = userEvent.setup();
    window.location.hash = "#/runs/run-4";
    const running = makeRun({ id: "run-4", status: "running", last_seq: 2 });
    const paused = { ...running, status: "paused" as const, last_seq: 3 };
    let answerPause: (response: Response) => void = () => {};
    const { client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": emptyList,
      // The pause answer is held back until the test releases it.
      "POST /agent/pause": () => new Promise<Response>((resolve) => (answerPause = resolve)) as unknown as Response,
      "POST /agent/resume": () => jsonResponse({ ...running, last_seq: 4 }),
    });
    renderApp(client);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.latest();
    act(() => source.send("state", running));
    await user.click(await screen.findByRole("button", { name: "Pause" }));
    // The stream reports the pause before the POST answers (which still says running).
    act(() => source.send("state", paused));
    await act(async () => answerPause(jsonResponse(running)));
    await user.click(await screen.findByRole("button", { name: "Resume" }));
    expect(await screen.findByRole("button", { name: "Pause" })).toBeEnabled();

    act(() => source.send("state", { ...running, last_seq: 5 }));
    await user.click(screen.getByRole("button", { name: "Pause" }));
    await act(async () => answerPause(jsonResponse({ ...running, last_seq: 5 })));
    expect(await screen.findByRole("button", { name: "Pausing…" })).toBeDisabled();
    act(() => source.send("state", { ...paused, last_seq: 6 }));
    expect(await screen.findByRole("button", { name: "Resume" })).toBeEnabled();
  });

  it("falls back to polling when the stream is refused", async () => {
    window.location.hash = "#/runs/run-3";
    const paused = makeRun({ id: "run-3", status: "paused", steps: 1, steps_in_budget: 1, last_seq: 3 });
    const { calls, client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": emptyList,
      "GET /agent/runs/run-3/events": () =>
        jsonResponse({ events: thread(task(), call("call_1", "sum_numbers", { a: 1, b: 2 }), result("call_1", "sum_numbers", 3)) }),
      "GET /agent/state/run-3": () => jsonResponse(paused),
    });
    renderApp(client);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.latest().fail(true));

    expect(await screen.findByText("Live (polling)")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Step 1: sum_numbers" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
    expect(calls.some((entry) => entry.url.pathname === "/agent/runs/run-3/events" && entry.url.search === "?after=-1")).toBe(true);
  });

  it("shows the server's words when the run does not exist", async () => {
    window.location.hash = "#/runs/missing";
    const { client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": emptyList,
      "GET /agent/state/missing": () => jsonResponse({ detail: "no run has the id missing" }, 404),
      "GET /agent/runs/missing/events": () => jsonResponse({ detail: "no run has the id missing" }, 404),
    });
    renderApp(client);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    act(() => FakeEventSource.latest().fail(true));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load this run");
    expect(alert).toHaveTextContent("no run has the id missing");
  });

  it("asks for the API token on 401 and sends it once entered", async () => {
    const user = userEvent.setup();
    const authorized = (init: RequestInit) => (init.headers as Record<string, string>).Authorization === "Bearer s3cret";
    const guard = (ok: () => Response) => (init: RequestInit) =>
      authorized(init) ? ok() : jsonResponse({ detail: "this server needs an API token (Authorization: Bearer …)" }, 401);
    const { client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": guard(() => jsonResponse({ items: [makeSummary({ id: "r9", input_prompt: "secret task" })], next_cursor: null })),
    });
    renderApp(client);
    const panel = await screen.findByRole("region", { name: "API token needed" });
    expect(screen.getByText(/this server needs an API token/)).toBeInTheDocument();
    await user.type(within(panel).getByLabelText("API token"), "s3cret");
    await user.click(within(panel).getByRole("button", { name: "Save token" }));
    expect(await screen.findByText("secret task")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "API token needed" })).not.toBeInTheDocument();
    expect(window.localStorage.getItem("tfa.apiToken")).toBe("s3cret");
  });

  it("pages the history with the cursor and filters by status", async () => {
    const user = userEvent.setup();
    const { calls, client } = fakeApi({
      "GET /healthz": health,
      "GET /agent/runs": (_init, url) => {
        if (url.searchParams.get("status") === "failed") {
          return jsonResponse({ items: [makeSummary({ id: "f1", status: "failed", input_prompt: "failed task" })], next_cursor: null });
        }
        if (url.searchParams.get("cursor") === "page2") {
          return jsonResponse({ items: [makeSummary({ id: "old", input_prompt: "older task", created_at: "2025-12-01T00:00:00Z" })], next_cursor: null });
        }
        return jsonResponse({ items: [makeSummary({ id: "new", input_prompt: "newer task" })], next_cursor: "page2" });
      },
    });
    renderApp(client);
    await user.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findByText("older task")).toBeInTheDocument();
    const prompts = () => screen.getAllByRole("listitem").map((item) => item.querySelector(".history__prompt")?.textContent);
    expect(prompts()).toEqual(["newer task", "older task"]);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Filter by status"), "failed");
    await waitFor(() => expect(prompts()).toEqual(["failed task"]));
    expect(calls.some((entry) => entry.url.search === "?status=failed&limit=20")).toBe(true);
  });
});

