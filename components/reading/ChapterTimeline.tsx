/**
 * `<Timeline ops={[…]} caption="…" />` in a chapter: a small history of overlapping operations,
 * drawn by the labs' own HistoryTimeline (in a chunk of its own) so the example looks like what a run will show.
 */
import { ChapterHistoryTimeline } from "./ChapterHistoryTimeline";
import type { OpBar } from "@/components/labs/run-model";
import { timelineProblems, timelinePropsSchema } from "@/lib/content/timeline";
import "@/components/labs/lab-runner.css";

export function ChapterTimeline(props: { ops?: unknown; caption?: unknown }) {
  const parsed = timelinePropsSchema.safeParse(props);
  if (!parsed.success) {
    // content:check refuses this at build time; in dev the page says what is wrong.
    return (
      <p className="mermaid-error" role="alert">
        This timeline cannot be drawn: {timelineProblems(props).join("; ")}
      </p>
    );
  }
  const { ops, caption } = parsed.data;
  const bars: OpBar[] = ops.map((op, index) => ({ index, process: op.process, f: op.f, value: op.value, start: op.start, end: op.end, outcome: op.outcome }));
  const endT = Math.max(...ops.map((op) => op.end ?? op.start)) * 1.05 + 1;
  return (
    <div className="chapter-timeline" data-testid="chapter-timeline">
      <ChapterHistoryTimeline ops={bars} endT={endT} labels />
      {caption ? <p className="chapter-timeline-caption">{caption}</p> : null}
    </div>
  );
}
