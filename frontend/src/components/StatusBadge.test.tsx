import { render, screen } from "@testing-library/react";
import { RUN_STATUSES } from "../api/types";
import { StatusBadge } from "./StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["running", "Running"],
    ["waiting_human_input", "Needs input"],
    ["waiting_approval", "Needs approval"],
    ["max_steps_reached", "Step limit reached"],
    ["complete", "Complete"],
    ["failed", "Failed"],
  ] as const)("labels %s as %s", (status, label) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(label);
    expect(badge).toHaveAttribute("data-status", status);
    expect(badge).toHaveClass(`badge--${status}`);
  });

  it("gives every status its own label", () => {
    const labels = RUN_STATUSES.map((status) => {
      const { container, unmount } = render(<StatusBadge status={status} />);
      const text = container.textContent;
      unmount();
      return text;
    });
    expect(new Set(labels).size).toBe(RUN_STATUSES.length);
  });
});
