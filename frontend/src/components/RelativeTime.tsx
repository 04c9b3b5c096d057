import { relativeTime } from "../lib/format";

/** "5 minutes ago", with the exact time on hover and for assistive tech. */
export function RelativeTime({ iso, now }: { iso: string; now: number }) {
  const date = new Date(iso);
  const exact = Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  return (
    <time dateTime={iso} title={exact}>
      {relativeTime(iso, now)}
    </time>
  );
}
