import { formatCompact, formatDuration, preview, relativeTime } from "./format";

describe("format helpers", () => {
  const now = Date.parse("2026-01-01T12:00:00Z");

  it("says how long ago a time was", () => {
    expect(relativeTime("2026-01-01T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-01-01T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-01-01T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("2025-12-31T12:00:00Z", now)).toBe("yesterday");
  });

  it("formats durations", () => {
    expect(formatDuration(null)).toBe("");
    expect(formatDuration(0.2)).toBe("<1 ms");
    expect(formatDuration(312.4)).toBe("312 ms");
    expect(formatDuration(1460)).toBe("1.5 s");
  });

  it("previews long prompts on one line", () => {
    expect(preview("add\n 1   and 2")).toBe("add 1 and 2");
    expect(preview("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

describe("formatCompact", () => {
  it("keeps short objects on one line and pretty-prints long ones", () => {
    expect(formatCompact({ a: 3, b: 4 })).toBe('{ "a": 3, "b": 4 }');
    expect(formatCompact({ text: "x".repeat(100) })).toContain("\n");
    expect(formatCompact("plain")).toBe("plain");
  });
});
