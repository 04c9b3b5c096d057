import { useState, type FormEvent } from "react";

interface TokenFormProps {
  initial: string;
  onSave: (token: string) => void;
  onCancel?: () => void;
}

/** Enter the API token a server with TFA_API_TOKEN asks for; it is kept in this browser only. */
export function TokenForm({ initial, onSave, onCancel }: TokenFormProps) {
  const [token, setToken] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(token.trim());
  }
  return (
    <form className="token-form" onSubmit={submit}>
      <label className="field">
        <span className="field__label">API token</span>
        <input
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          placeholder="leave empty if the server needs none"
        />
      </label>
      <p className="muted">Stored in this browser (localStorage) and sent as a Bearer token.</p>
      <div className="dialog__actions">
        {onCancel && (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Close
          </button>
        )}
        <button type="submit" className="button button--primary">
          Save token
        </button>
      </div>
    </form>
  );
}
