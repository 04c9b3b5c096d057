/** A stand-in for the browser's EventSource that tests drive by hand. */

type Listener = (event: MessageEvent<string> | Event) => void;

export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];

  readonly url: string;
  readyState = FakeEventSource.CONNECTING;
  private listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const source = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!source) throw new Error("no EventSource was opened");
    return source;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatch("open", new Event("open"));
  }

  /** Send one SSE message of the given event type with a JSON body. */
  send(type: "thread_event" | "state", data: unknown): void {
    this.dispatch(type, new MessageEvent(type, { data: JSON.stringify(data) }));
  }

  /** The connection failed; `closed` mimics a refused request (no automatic retry). */
  fail(closed: boolean): void {
    if (closed) this.readyState = FakeEventSource.CLOSED;
    this.dispatch("error", new Event("error"));
  }

  private dispatch(type: string, event: MessageEvent<string> | Event): void {
    if (this.readyState === FakeEventSource.CLOSED && type !== "error") return;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
