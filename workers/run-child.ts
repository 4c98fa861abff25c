/**
 * One lab run, in a process of its own (forked by the worker; used for exactly one run).
 * Forked ahead of time, it preloads the labs while it waits; then it gets its spec over IPC,
 * runs the lab in-process, sends every event and then the grade back. If the worker dies
 * (IPC disconnect) or asks to abort, the run is aborted and torn down before exiting.
 */
import { listLabs } from "@/lib/labs/discover";
import { runLabInProcess } from "@/lib/labs/run-in-process";
import { log } from "@/lib/log";
import { withLogFields } from "@/lib/observability/log-context";
import type { FromChild, ToChild } from "@/lib/runs/child-protocol";

// The worker may be gone (SIGKILL): writing logs to its closed pipes must not kill us
// before the lab's teardown has run.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);

const controller = new AbortController();
let started = false;

const send = (msg: FromChild, then?: () => void) => {
  if (process.connected && process.send) process.send(msg, undefined, {}, () => then?.());
  else then?.();
};

process.on("disconnect", () => {
  controller.abort();
  if (!started) process.exit(0); // a spare that never got a run: nothing to tear down
});

// Warm the module cache while idle; a broken lab surfaces later, as that run's error.
const preload = listLabs({ dir: process.env.FAULTLINE_LABS_DIR || undefined }).catch(() => undefined);
void preload.then(() => {
  if (!started) send({ type: "ready" });
});

process.on("message", (msg: ToChild) => {
  if (msg.type === "abort") controller.abort();
  if (msg.type !== "start" || started) return;
  started = true;
  const { spec } = msg;
  // Everything the lab writes to the temp dir lands in the run's dir (reaped and removed later).
  process.env.TMPDIR = spec.tmpDir;
  // Our lines go to stdout as JSON with the run's ids; the worker passes them on (lib/runs/child-output.ts).
  const runLog = log.child({ component: "run-child" });
  withLogFields({ ...spec.logFields, runId: spec.runId }, () => runInChild(spec, runLog));
});

function runInChild(spec: Extract<ToChild, { type: "start" }>["spec"], runLog: typeof log): void {
  runLog.info({ pid: process.pid, labId: spec.labId, taskId: spec.taskId, seed: spec.seed }, "child started");
  preload
    .then(() =>
      runLabInProcess(spec.labId, spec.taskId, spec.answer, {
        seed: spec.seed,
        redisUrl: spec.redisUrl,
        redisPrefix: spec.redisPrefix,
        labDatabaseUrl: spec.labDatabaseUrl,
        runId: spec.runId,
        labsDir: spec.labsDir,
        signal: controller.signal,
        emit: (event) => {
          if (event.kind === "phase") {
            // The check phase ends where grading starts: the checker's work is done.
            if (event.phase === "grade") runLog.info({ atMs: Math.round(event.t) }, "checker done");
            runLog.info({ phase: event.phase, atMs: Math.round(event.t) }, "phase");
          }
          send({ type: "event", event });
        },
      }),
    )
    .catch((err: Error) => ({ verdict: "error" as const, errorKind: "internal" as const, diagnosis: `The lab could not run: ${err.message}`, hint: "Tell the instructor." }))
    .then((grade) => {
      runLog.info({ verdict: grade.verdict, errorKind: grade.errorKind }, "run graded");
      // Leave once the grade is handed over, even if lab handles are still open.
      send({ type: "grade", grade }, () => process.exit(0));
    });
}
