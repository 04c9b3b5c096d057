import { render, screen } from "@testing-library/react";
import { ApiError } from "../api/errors";
import { ErrorMessage } from "./ErrorMessage";

describe("ErrorMessage", () => {
  it("shows the title and the error's sentence as an alert", () => {
    render(<ErrorMessage title="Could not pause" error={new ApiError(400, "run r1 is paused; only a running run can be paused")} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Could not pause");
    expect(alert).toHaveTextContent("only a running run can be paused");
  });

  it("renders nothing without an error", () => {
    const { container } = render(<ErrorMessage error={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
