import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RunStatus } from "../api/types";
import { RunControls } from "./RunControls";

function renderControls(status: RunStatus, props: Partial<Parameters<typeof RunControls>[0]> = {}) {
  const handlers = { onPause: vi.fn(), onResume: vi.fn(), onCancel: vi.fn() };
  render(<RunControls status={status} {...handlers} {...props} />);
  return handlers;
}

const names = () => screen.queryAllByRole("button").map((button) => button.textContent?.trim());

describe("RunControls", () => {
  it("offers pause and cancel for a running run", () => {
    renderControls("running");
    expect(names()).toEqual(["Pause", "Cancel run"]);
  });

  it("offers resume with a new step limit for a run that hit its limit", async () => {
    const user = userEvent.setup();
    const { onResume } = renderControls("max_steps_reached");
    expect(names()).toEqual(["Resume", "Cancel run"]);
    await user.type(screen.getByLabelText("New step limit (optional)"), "5");
    await user.click(screen.getByRole("button", { name: "Resume" }));
    expect(onResume).toHaveBeenCalledWith(5);
  });

  it("resumes a paused run with the same budget when no limit is typed", async () => {
    const user = userEvent.setup();
    const { onResume } = renderControls("paused");
    await user.click(screen.getByRole("button", { name: "Resume" }));
    expect(onResume).toHaveBeenCalledWith(undefined);
  });

  it("refuses a step limit out of range", async () => {
    const user = userEvent.setup();
    renderControls("paused");
    await user.type(screen.getByLabelText("New step limit (optional)"), "0");
    expect(screen.getByRole("button", { name: "Resume" })).toBeDisabled();
    expect(screen.getByText(/whole number from 1 to 1000/)).toBeInTheDocument();
  });

  it("offers only cancel while waiting for a person", () => {
    renderControls("waiting_approval");
    expect(names()).toEqual(["Cancel run"]);
  });

  it("shows nothing for a finished run", () => {
    renderControls("complete");
    expect(names()).toEqual([]);
  });

  it("asks before cancelling", async () => {
    const user = userEvent.setup();
    const { onCancel } = renderControls("running");
    await user.click(screen.getByRole("button", { name: "Cancel run" }));
    expect(onCancel).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Yes, cancel run" }));
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("shows a pause in progress", () => {
    renderControls("running", { pausing: true });
    expect(screen.getByRole("button", { name: "Pausing…" })).toBeDisabled();
  });
});
