import { call, result, task, thread } from "../test/fixtures";
import { mergeEvents } from "./events";

const events = thread(task(), call("call_1", "sum_numbers", { a: 1, b: 2 }), result("call_1", "sum_numbers", 3));

describe("mergeEvents", () => {
  it("appends new events in order", () => {
    expect(mergeEvents(events.slice(0, 1), events.slice(1)).map((event) => event.seq)).toEqual([0, 1, 2]);
  });

  it("ignores events it already has, returning the same array", () => {
    const current = events.slice();
    expect(mergeEvents(current, events.slice(1, 2))).toBe(current);
  });

  it("sorts out-of-order and overlapping batches by seq without duplicates", () => {
    const merged = mergeEvents([events[0]!, events[2]!], [events[1]!, events[2]!]);
    expect(merged.map((event) => event.seq)).toEqual([0, 1, 2]);
  });
});
