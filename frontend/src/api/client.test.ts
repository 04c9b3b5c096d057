import { jsonResponse } from "../test/fixtures";
import { createApiClient } from "./client";
import { ApiError } from "./errors";

function clientWith(response: Response | Error, token = "") {
  const fetch = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response.clone();
  });
  return { fetch, api: createApiClient({ baseUrl: "http://api.test/", getToken: () => token, fetch }) };
}

describe("API client", () => {
  it("posts JSON and sends the token as a Bearer header", async () => {
    const { fetch, api } = clientWith(jsonResponse({ id: "r1", status: "running" }), "s3cret");
    await api.launch("multiply 3 and 4", 5);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("http://api.test/agent/launch");
    expect(init.method).toBe("POST");
    expect(JSON.parse(init.body as string)).toEqual({ input_prompt: "multiply 3 and 4", max_steps: 5 });
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer s3cret");
  });

  it("omits the Authorization header and optional fields when not given", async () => {
    const { fetch, api } = clientWith(jsonResponse({}));
    await api.approve("r1", false);
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect(JSON.parse(init.body as string)).toEqual({ id: "r1", approved: false });
  });

  it("builds list queries with only the parameters given", async () => {
    const { fetch, api } = clientWith(jsonResponse({ items: [], next_cursor: null }));
    await api.listRuns({ status: "failed", limit: 20, cursor: "abc" });
    await api.listRuns({ status: "", limit: 20 });
    expect(fetch.mock.calls.map((args) => (args as unknown as [string])[0])).toEqual([
      "http://api.test/agent/runs?status=failed&limit=20&cursor=abc",
      "http://api.test/agent/runs?limit=20",
    ]);
  });

  it("puts the token in the stream URL, since EventSource cannot send headers", () => {
    const { api } = clientWith(jsonResponse({}), "s3cret");
    expect(api.streamUrl("r1", 4)).toBe("http://api.test/agent/runs/r1/stream?after=4&token=s3cret");
  });

  it("turns the server's detail sentence into the error message", async () => {
    const { api } = clientWith(jsonResponse({ detail: "run r1 is complete; only paused, failed or max_steps_reached runs can be resumed" }, 400));
    const error = await api.resume("r1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining("only paused, failed") });
  });

  it("reads 422 validation lists as one sentence", async () => {
    const detail = [{ loc: ["body", "max_steps"], msg: "Input should be less than or equal to 1000", type: "x" }];
    const { api } = clientWith(jsonResponse({ detail }, 422));
    await expect(api.launch("x", 5000)).rejects.toThrow("max_steps: Input should be less than or equal to 1000");
  });

  it("says the status when the body is not JSON, and flags 401 as needing a token", async () => {
    const { api } = clientWith(new Response("<html>", { status: 401, statusText: "Unauthorized" }));
    const error = (await api.health().catch((caught: unknown) => caught)) as ApiError;
    expect(error.message).toBe("The server answered 401 Unauthorized.");
    expect(error.needsToken).toBe(true);
  });

  it("says the API cannot be reached when fetch itself fails", async () => {
    const { api } = clientWith(new TypeError("Failed to fetch"));
    await expect(api.getState("r1")).rejects.toThrow("Cannot reach the API at http://api.test. Is the server running?");
  });
});
