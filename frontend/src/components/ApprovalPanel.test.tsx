import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApprovalPanel } from "./ApprovalPanel";

const approval = { call_id: "call_3", name: "power", arguments: { base: 2, exponent: 10 } };

describe("ApprovalPanel", () => {
  it("shows the exact tool and arguments waiting for approval", () => {
    render(<ApprovalPanel approval={approval} onApprove={vi.fn()} onReject={vi.fn()} />);
    expect(screen.getByRole("region", { name: "Approval needed" })).toHaveTextContent("power");
    const args = screen.getByLabelText("Arguments for power");
    expect(JSON.parse(args.textContent ?? "")).toEqual({ base: 2, exponent: 10 });
  });

  it("approves", async () => {
    const user = userEvent.setup();
    const onApprove = vi.fn();
    const onReject = vi.fn();
    render(<ApprovalPanel approval={approval} onApprove={onApprove} onReject={onReject} />);
    await user.click(screen.getByRole("button", { name: "Approve" }));
    expect(onApprove).toHaveBeenCalledOnce();
    expect(onReject).not.toHaveBeenCalled();
  });

  it("rejects with the comment typed", async () => {
    const user = userEvent.setup();
    const onReject = vi.fn();
    render(<ApprovalPanel approval={approval} onApprove={vi.fn()} onReject={onReject} />);
    await user.type(screen.getByLabelText(/Comment/), "exponent too big");
    await user.click(screen.getByRole("button", { name: "Reject" }));
    expect(onReject).toHaveBeenCalledWith("exponent too big");
  });

  it("disables both buttons while a decision is being sent", () => {
    render(<ApprovalPanel approval={approval} busy onApprove={vi.fn()} onReject={vi.fn()} />);
    expect(screen.getByRole("button", { name: "Approve" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Reject" })).toBeDisabled();
  });
});
