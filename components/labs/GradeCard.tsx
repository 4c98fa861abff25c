/**
 * The verdict, what happened and what to try next. An `error` is never a failed attempt; a
 * run that does not count (a replay, a predict task's later run) says so above the verdict.
 */
import type { FinalStatus, GradeView } from "@/lib/runs/grade-view";
import { InlineCode } from "./InlineCode";

const TITLES: Record<FinalStatus, string> = {
  passed: "Passed",
  failed: "Not yet",
  error: "The run could not be graded",
};

const OUTCOME = { passed: "passed", failed: "failed" } as const;

function practiceText(grade: GradeView, own: boolean): string | null {
  const p = grade.practice;
  if (!p) return null;
  if (p.why === "replay") return "Replay of an earlier run with the same seed — it does not count for anyone's progress.";
  return `Practice — ${own ? "your" : "the student's"} first prediction counted: ${OUTCOME[p.first.status]}.`;
}

/** `own`: the viewer is the student who ran it (the wording of the practice label). */
export function GradeCard({ grade, own = true }: { grade: GradeView; own?: boolean }) {
  const practice = practiceText(grade, own);
  return (
    <section className={`lab-grade is-${grade.status}`} aria-label="Grade" data-testid="lab-grade" data-status={grade.status}>
      {practice ? (
        <p className="lab-grade-practice" data-testid="lab-grade-practice">
          {practice}
        </p>
      ) : null}
      <h4 className="lab-grade-title">{TITLES[grade.status]}</h4>
      {grade.diagnosis ? (
        <p className="lab-grade-diagnosis">
          <InlineCode text={grade.diagnosis} />
        </p>
      ) : null}
      {grade.hint ? (
        <p className="lab-grade-hint">
          <strong>Hint:</strong> <InlineCode text={grade.hint} />
        </p>
      ) : null}
      {grade.status === "error" ? <p className="lab-grade-note">This does not count as an attempt.</p> : null}
    </section>
  );
}
