import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../api/errors";
import { makeSummary } from "../test/fixtures";
import { HistorySidebar } from "./HistorySidebar";

const NOW = Date.parse("2026-01-01T12:00:00Z");

const items = [
  makeSummary({ id: "b", status: "waiting_human_input", input_prompt: "ask me something", created_at: "2026-01-01T11:58:00Z" }),
  makeSummary({ id: "a", status: "complete", input_prompt: "multiply 3 and 4, then add 12 ".repeat(5), steps: 3, created_at: "2026-01-01T09:00:00Z" }),
];

function renderHistory(props: Partial<Parameters<typeof HistorySidebar>[0]> = {}) {
  const handlers = { onFilterChange: vi.fn(), onSelect: vi.fn(), onLoadMore: vi.fn() };
  render(
    <HistorySidebar items={items} filter="" selectedId="a" now={NOW} loading={false} hasMore={false} {...handlers} {...props} />,
  );
  return handlers;
}

describe("HistorySidebar", () => {
  it("lists runs in the order given with badge, prompt preview and relative time", () => {
    renderHistory();
    const rows = screen.getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText("ask me something")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("Needs input")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("2 minutes ago")).toBeInTheDocument();
    const preview = within(rows[1]!).getByText(/^multiply 3 and 4/);
    expect(preview.textContent!.length).toBeLessThanOrEqual(80);
    expect(preview.textContent).toMatch(/…$/);
    expect(within(rows[1]!).getByText("Complete")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("3 hours ago")).toBeInTheDocument();
  });

  it("marks the selected run and reports clicks", async () => {
    const user = userEvent.setup();
    const { onSelect } = renderHistory();
    const buttons = screen.getAllByRole("button");
    expect(buttons[1]).toHaveAttribute("aria-current", "true");
    expect(buttons[0]).not.toHaveAttribute("aria-current");
    await user.click(buttons[0]!);
    expect(onSelect).toHaveBeenCalledWith("b");
  });

  it("filters by status", async () => {
    const user = userEvent.setup();
    const { onFilterChange } = renderHistory();
    await user.selectOptions(screen.getByLabelText("Filter by status"), "Step limit reached");
    expect(onFilterChange).toHaveBeenCalledWith("max_steps_reached");
  });

  it("offers 'Load more' only when there are more pages", async () => {
    const user = userEvent.setup();
    const { onLoadMore } = renderHistory({ hasMore: true });
    await user.click(screen.getByRole("button", { name: "Load more" }));
    expect(onLoadMore).toHaveBeenCalledOnce();
  });

  it("has no 'Load more' on the last page", () => {
    renderHistory();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("says so when a filter matches nothing, and shows load errors in words", () => {
    renderHistory({ items: [], filter: "failed", error: null });
    expect(screen.getByText("No runs are failed.")).toBeInTheDocument();
  });

  it("shows a load error with a retry", async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    renderHistory({ items: [], error: new ApiError(0, "Cannot reach the API at this site. Is the server running?"), onRetry });
    expect(screen.getByRole("alert")).toHaveTextContent("Cannot reach the API");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalled();
  });
});
