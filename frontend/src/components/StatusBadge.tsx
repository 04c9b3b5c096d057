import type { RunStatus } from "../api/types";
import { STATUS_LABELS } from "../lib/runs";
import { AlertIcon, CheckIcon, ClockIcon, CrossIcon, PauseIcon, QuestionIcon, ShieldIcon, SpinnerIcon } from "./Icons";

const ICONS: Record<RunStatus, typeof CheckIcon> = {
  running: SpinnerIcon,
  paused: PauseIcon,
  waiting_human_input: QuestionIcon,
  waiting_approval: ShieldIcon,
  complete: CheckIcon,
  failed: AlertIcon,
  max_steps_reached: ClockIcon,
  cancelled: CrossIcon,
};

/** A run's status as a coloured label; the text carries the meaning, the colour only repeats it. */
export function StatusBadge({ status }: { status: RunStatus }) {
  const Icon = ICONS[status] ?? AlertIcon;
  return (
    <span className={`badge badge--${status}`} data-status={status}>
      <Icon />
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}
