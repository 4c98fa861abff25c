"use client";
/**
 * A lab inside a chapter: pick a task, fill in the answer (a form built from its JSON Schema,
 * or an editor), press Run, watch the run live (phase, replica map, metrics, faults, history) and read
 * the grade (RunView draws the telemetry). The chapter's server component passes the lab; the
 * statements, rendered on the server, are fetched as the runner opens (./TaskStatement), so no
 * lab code and no Markdown parser ship here.
 */
import { useMemo, useState } from "react";
import type { EmbeddedLab, EmbeddedTask } from "@/lib/catalogue/runner-lab";
import type { Phase } from "@/lib/labs/types";
import { AnswerForm } from "./AnswerForm";
import { GradeCard } from "./GradeCard";
import { RunView } from "./RunView";
import { fieldsFor, parseNumberList, type Field } from "./schema-fields";
import { TaskStatement } from "./TaskStatement";
import { useRunStream, type RunState } from "./use-run-stream";
import "./lab-runner.css";

const PHASES: Phase[] = ["start-system", "workload", "heal", "quiesce", "final-reads", "check", "grade", "teardown"];

function initialDrafts(fields: Field[], starter: Record<string, unknown>): Record<string, string> {
  const drafts: Record<string, string> = {};
  for (const f of fields) {
    if (f.kind === "json") drafts[f.name] = JSON.stringify(starter[f.name] ?? null, null, 2);
    if (f.kind === "number-list") drafts[f.name] = Array.isArray(starter[f.name]) ? (starter[f.name] as number[]).join(", ") : "";
  }
  return drafts;
}

function statusText(state: RunState, phase: Phase | null): string {
  switch (state.stage) {
    case "idle":
      return "Ready to run.";
    case "submitting":
      return "Submitting…";
    case "refused":
      return `Not run: ${state.message}`;
    case "live":
      return phase ? `Running: ${phase.replace("-", " ")}.` : "Queued: waiting for a worker…";
    case "done":
      return state.grade.status === "passed" ? "Finished: passed." : state.grade.status === "failed" ? "Finished: not passed yet." : "Finished: the run could not be graded.";
  }
}

function TaskPanel({ lab, task }: { lab: EmbeddedLab; task: EmbeddedTask }) {
  const fields = useMemo(() => fieldsFor(task.answerSchema), [task]);
  const starter = (task.starter && typeof task.starter === "object" ? task.starter : {}) as Record<string, unknown>;
  const [values, setValues] = useState<Record<string, unknown>>(starter);
  const [drafts, setDrafts] = useState<Record<string, string>>(() => initialDrafts(fields, starter));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { state, model, submit } = useRunStream();
  const busy = state.stage === "submitting" || state.stage === "live";
  const grade = state.stage === "done" ? state.grade : null;
  const idPrefix = `lab-${lab.id}-${task.id}`;

  const run = () => {
    const answer: Record<string, unknown> = { ...values };
    const problems: Record<string, string> = {};
    for (const f of fields) {
      const draft = drafts[f.name];
      if (f.kind === "json") {
        try {
          answer[f.name] = JSON.parse(draft ?? "null");
        } catch (err) {
          problems[f.name] = `Not valid JSON: ${(err as Error).message}`;
        }
      } else if (f.kind === "number-list") {
        const list = parseNumberList(draft ?? "");
        if (list) answer[f.name] = list;
        else problems[f.name] = "Write numbers separated by commas, like 1, 2, 3.";
      }
    }
    setErrors(problems);
    if (Object.keys(problems).length === 0) void submit({ labId: lab.id, taskId: task.id, answer });
  };

  return (
    <div className="lab-task" role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab`}>
      <TaskStatement labId={lab.id} taskId={task.id} />
      <AnswerForm
        idPrefix={idPrefix}
        fields={fields}
        values={values}
        drafts={drafts}
        errors={errors}
        onValue={(name, v) => setValues((old) => ({ ...old, [name]: v }))}
        onDraft={(name, text) => setDrafts((old) => ({ ...old, [name]: text }))}
      />
      <div className="lab-actions">
        <button type="button" className="lab-run-button" onClick={run} disabled={busy}>
          {busy ? "Running…" : state.stage === "done" ? "Run again" : "Run"}
        </button>
        <span className="lab-limit">Time limit {Math.round(task.timeLimitMs / 1000)} s</span>
        {task.kind === "predict" ? <span className="lab-limit">Your first graded prediction is the one that counts; later runs are practice.</span> : null}
      </div>
      <p className={`lab-status is-${state.stage}`} role="status" aria-live="polite" data-testid="lab-status">
        {statusText(state, model.phase)}
      </p>
      {state.stage === "live" || state.stage === "done" ? (
        <>
          <ol className="lab-phases" aria-label="Phases">
            {PHASES.map((p) => {
              const reached = model.phase !== null && (PHASES.indexOf(model.phase) >= PHASES.indexOf(p) || model.phase === "done");
              return (
                <li key={p} className={`${reached ? "is-reached" : ""}${model.phase === p ? " is-current" : ""}`} aria-current={model.phase === p ? "step" : undefined}>
                  {p.replace("-", " ")}
                </li>
              );
            })}
          </ol>
          {grade ? <GradeCard grade={grade} /> : null}
          <RunView model={model} endT={model.lastT} domainEnd={model.lastT} grade={grade} view={lab.view} runKey={state.runId} />
        </>
      ) : null}
    </div>
  );
}

/** `taskId`: the task the chapter embeds; `lab.tasks` then holds only it (or none: a typo). */
export function LabRunner({ lab, taskId }: { lab: EmbeddedLab; taskId?: string }) {
  const [selected, setSelected] = useState<string | undefined>(taskId);
  const { tasks } = lab;
  const task = tasks.find((t) => t.id === selected) ?? tasks[0];
  if (!task) return <p className="lab-runner lab-problem" role="alert">Lab {lab.id} has no task {taskId}.</p>;

  return (
    <section className="lab-runner" aria-label={`Lab: ${lab.title}`} data-testid="lab-runner">
      <header className="lab-runner-head">
        <h3>{lab.title}</h3>
        <p>{lab.summary}</p>
      </header>
      {tasks.length > 1 ? (
        <div className="lab-tabs" role="tablist" aria-label="Tasks">
          {tasks.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`lab-${lab.id}-${t.id}-tab`}
              aria-selected={t.id === task.id}
              aria-controls={`lab-${lab.id}-${t.id}-panel`}
              className="lab-tab"
              onClick={() => setSelected(t.id)}
            >
              {t.title}
              <span className="lab-tab-kind">{t.kind}</span>
            </button>
          ))}
        </div>
      ) : null}
      {/* key: a new task starts with a fresh form and run */}
      <TaskPanel key={task.id} lab={lab} task={task} />
    </section>
  );
}

export default LabRunner;
