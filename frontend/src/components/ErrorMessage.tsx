import { errorMessage } from "../api/errors";
import { AlertIcon } from "./Icons";

interface ErrorMessageProps {
  error: unknown;
  /** What was being attempted, e.g. "Could not launch the run". */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/** An error in words: the server's own sentence, never a blank screen. */
export function ErrorMessage({ error, title, onRetry, onDismiss }: ErrorMessageProps) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <AlertIcon className="error__icon" />
      <div className="error__body">
        {title && <strong className="error__title">{title}</strong>}
        <p className="error__text">{errorMessage(error)}</p>
      </div>
      {(onRetry || onDismiss) && (
        <div className="error__actions">
          {onRetry && (
            <button type="button" className="button button--small" onClick={onRetry}>
              Try again
            </button>
          )}
          {onDismiss && (
            <button type="button" className="button button--small button--ghost" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </div>
  );
}
