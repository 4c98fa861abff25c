"use client";
/** A task's statement inside the runner: fetched when the runner opens (./use-statements), then drawn. */
import { Statement } from "./Statement";
import { useStatement } from "./use-statements";

export function TaskStatement({ labId, taskId }: { labId: string; taskId: string }) {
  const { state, retry } = useStatement(labId, taskId);
  if (state.stage === "ready") return <Statement tree={state.tree} />;
  if (state.stage === "loading") {
    return (
      <p className="lab-statement lab-statement-loading" aria-busy="true" data-testid="lab-statement-loading">
        Loading the task…
      </p>
    );
  }
  return (
    <p className="lab-statement lab-problem" role="alert">
      Could not load the task ({state.message}).{" "}
      <button type="button" className="chip-button" onClick={retry}>
        Try again
      </button>
    </p>
  );
}
