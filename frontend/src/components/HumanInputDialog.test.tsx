import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../api/errors";
import { HumanInputDialog } from "./HumanInputDialog";

describe("HumanInputDialog", () => {
  it("shows the question, focuses the answer box and sends the answer", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<HumanInputDialog question="Which two numbers?" onSubmit={onSubmit} onClose={vi.fn()} />);
    const dialog = screen.getByRole("dialog", { name: "The agent needs your input" });
    expect(dialog).toHaveTextContent("Which two numbers?");
    const box = screen.getByLabelText("Your answer");
    expect(box).toHaveFocus();
    await user.type(box, "  3 and 4 ");
    await user.click(screen.getByRole("button", { name: "Send answer" }));
    expect(onSubmit).toHaveBeenCalledWith("3 and 4");
  });

  it("refuses an empty answer with a message", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<HumanInputDialog question="?" onSubmit={onSubmit} onClose={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Send answer" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("Write an answer before sending it.")).toBeInTheDocument();
    expect(screen.getByLabelText("Your answer")).toHaveFocus();
  });

  it("sends with Ctrl+Enter, closes with Escape, and keeps Tab inside", async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const onClose = vi.fn();
    render(<HumanInputDialog question="?" onSubmit={onSubmit} onClose={onClose} />);
    await user.type(screen.getByLabelText("Your answer"), "yes{Control>}{Enter}{/Control}");
    expect(onSubmit).toHaveBeenCalledWith("yes");
    await user.tab();
    expect(screen.getByRole("button", { name: "Later" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Send answer" })).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText("Your answer")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalled();
  });

  it("returns focus to where it was when it closes", () => {
    const { rerender } = render(<button type="button">before</button>);
    screen.getByRole("button", { name: "before" }).focus();
    rerender(
      <>
        <button type="button">before</button>
        <HumanInputDialog question="?" onSubmit={vi.fn()} onClose={vi.fn()} />
      </>,
    );
    expect(screen.getByLabelText("Your answer")).toHaveFocus();
    rerender(<button type="button">before</button>);
    expect(screen.getByRole("button", { name: "before" })).toHaveFocus();
  });

  it("shows why the server refused the answer", () => {
    render(
      <HumanInputDialog
        question="?"
        error={new ApiError(400, "run abc is running; only a run waiting for input takes an answer")}
        onSubmit={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("only a run waiting for input takes an answer");
  });
});
