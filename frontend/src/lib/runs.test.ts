import { allowedActions } from "./runs";

describe("allowedActions", () => {
  it.each([
    ["running", { pause: true, resume: false, cancel: true }],
    ["paused", { pause: false, resume: true, cancel: true }],
    ["max_steps_reached", { pause: false, resume: true, cancel: true }],
    ["failed", { pause: false, resume: true, cancel: true }],
    ["waiting_human_input", { pause: false, resume: false, cancel: true }],
    ["waiting_approval", { pause: false, resume: false, cancel: true }],
    ["complete", { pause: false, resume: false, cancel: false }],
    ["cancelled", { pause: false, resume: false, cancel: false }],
  ] as const)("%s allows %o", (status, expected) => {
    expect(allowedActions(status)).toEqual(expected);
  });
});
