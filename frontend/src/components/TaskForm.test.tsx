import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../api/errors";
import { TaskForm } from "./TaskForm";

describe("TaskForm", () => {
  it("launches with the prompt and step limit, then clears the prompt", async () => {
    const user = userEvent.setup();
    const onLaunch = vi.fn().mockResolvedValue(true);
    render(<TaskForm onLaunch={onLaunch} />);
    await user.type(screen.getByLabelText("Task"), "multiply 3 and 4");
    await user.type(screen.getByLabelText("Step limit (optional)"), "4");
    await user.click(screen.getByRole("button", { name: "Launch agent" }));
    expect(onLaunch).toHaveBeenCalledWith("multiply 3 and 4", 4);
    expect(screen.getByLabelText("Task")).toHaveValue("");
  });

  it("launches without a step limit when none is given, and keeps the prompt on failure", async () => {
    const user = userEvent.setup();
    const onLaunch = vi.fn().mockResolvedValue(false);
    render(<TaskForm onLaunch={onLaunch} />);
    await user.type(screen.getByLabelText("Task"), "add 1 and 2");
    await user.click(screen.getByRole("button", { name: "Launch agent" }));
    expect(onLaunch).toHaveBeenCalledWith("add 1 and 2", undefined);
    expect(screen.getByLabelText("Task")).toHaveValue("add 1 and 2");
  });

  it("explains what is wrong instead of sending an empty task or a bad limit", async () => {
    const user = userEvent.setup();
    const onLaunch = vi.fn();
    render(<TaskForm onLaunch={onLaunch} />);
    await user.click(screen.getByRole("button", { name: "Launch agent" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Describe the task");
    await user.type(screen.getByLabelText("Task"), "x");
    await user.type(screen.getByLabelText("Step limit (optional)"), "5000");
    await user.click(screen.getByRole("button", { name: "Launch agent" }));
    expect(screen.getByRole("alert")).toHaveTextContent("from 1 to 1000");
    expect(onLaunch).not.toHaveBeenCalled();
  });

  it("shows the server's reason when a launch fails", () => {
    render(<TaskForm onLaunch={vi.fn()} error={new ApiError(422, "input_prompt: String should have at least 1 character")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Could not launch the run");
    expect(screen.getByRole("alert")).toHaveTextContent("input_prompt: String should have at least 1 character");
  });
});
