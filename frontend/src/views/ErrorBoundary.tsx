import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorMessage } from "../components/ErrorMessage";

interface State {
  error: Error | null;
}

/** A rendering bug shows a message and a way back instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("The UI failed to render", error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="boundary">
        <ErrorMessage
          error={this.state.error}
          title="Something went wrong while showing this page"
          onRetry={() => this.setState({ error: null })}
        />
      </div>
    );
  }
}
