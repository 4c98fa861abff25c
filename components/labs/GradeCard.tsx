/** The verdict, what happened and what to try next. An `error` is never a failed attempt. */
import type { RunGrade } from "./use-run-stream";

const TITLES: Record<RunGrade["status"], string> = {
  passed: "Passed",
  failed: "Not yet",
  error: "The run could not be graded",
};

export function GradeCard({ grade }: { grade: RunGrade }) {
  return (
    <section className={`lab-grade is-${grade.status}`} aria-label="Grade" data-testid="lab-grade" data-status={grade.status}>
      <h4 className="lab-grade-title">{TITLES[grade.status]}</h4>
      {grade.diagnosis ? <p className="lab-grade-diagnosis">{grade.diagnosis}</p> : null}
      {grade.hint ? (
        <p className="lab-grade-hint">
          <strong>Hint:</strong> {grade.hint}
        </p>
      ) : null}
      {grade.status === "error" ? <p className="lab-grade-note">This does not count as an attempt.</p> : null}
    </section>
  );
}
