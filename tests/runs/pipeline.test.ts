/**
 * The run pipeline end to end with real Postgres, Redis and a real worker process: the HTTP
 * routes, the queue, a child process per run, live events over SSE, the stored grade.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { signedInUser } from "../support/session";
import { FIXTURE_LABS_DIR, readSse, waitFor, writeFixtureManifest, type SseMessage } from "./support";

const prefix = uniquePrefix("d3-pipeline");
const runsDir = mkdtempSync(join(tmpdir(), "faultline-d3-runs-"));
// The route handlers read these through config() / runServices() on first use.
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
let worker: WorkerProcess;
// Running labs needs an account: every request here is the same signed-in student's.
let cookie = "";
let routes: {
  submit: typeof import("@/app/api/runs/route").POST;
  get: typeof import("@/app/api/runs/[id]/route").GET;
  events: typeof import("@/app/api/runs/[id]/events/route").GET;
};

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  const { path } = await writeFixtureManifest();
  process.env.FAULTLINE_LABS_MANIFEST = path;
  cookie = (await signedInUser("pipeline")).cookie;
  routes = {
    submit: (await import("@/app/api/runs/route")).POST,
    get: (await import("@/app/api/runs/[id]/route")).GET,
    events: (await import("@/app/api/runs/[id]/events/route")).GET,
  };
  worker = await startWorker({
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    FAULTLINE_REDIS_PREFIX: prefix,
    FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR,
    FAULTLINE_RUNS_DIR: runsDir,
    FAULTLINE_RUN_MARGIN_MS: "3000",
  });
});

afterAll(async () => {
  await worker?.stop();
  const { closeStreamHub, runServices } = await import("@/lib/runs/services");
  closeStreamHub();
  const services = runServices();
  await services.queue.close();
  await deleteKeys(redis, prefix);
  services.redis.disconnect();
  await services.db.$disconnect();
  redis.disconnect();
  rmSync(runsDir, { recursive: true, force: true });
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function submit(body: unknown, ip = "10.0.0.1"): Promise<Response> {
  return routes.submit(
    new Request("http://test/api/runs", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip, cookie }, body: typeof body === "string" ? body : JSON.stringify(body) }),
  );
}

async function getRun(id: string): Promise<Record<string, unknown>> {
  const res = await routes.get(new Request(`http://test/api/runs/${id}`, { headers: { cookie } }), params(id));
  return (await res.json()) as Record<string, unknown>;
}

async function untilFinal(id: string, timeoutMs = 45_000) {
  return waitFor(() => getRun(id), (r) => ["passed", "failed", "error"].includes(r.status as string), timeoutMs, `run ${id} to finish`);
}

async function events(id: string, headers: Record<string, string> = {}, query = "", onMessage?: (m: SseMessage) => void): Promise<SseMessage[]> {
  const controller = new AbortController();
  const res = await routes.events(new Request(`http://test/api/runs/${id}/events${query}`, { headers: { cookie, ...headers }, signal: controller.signal }), params(id));
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  return readSse(res.body!, onMessage);
}

const guess = (value: number, durationMs = 600) => ({ labId: "pipeline-echo", taskId: "guess", answer: { value, mode: "steady", durationMs } });

describe("run pipeline", () => {
  let passedId = "";
  let failedId = "";

  it("grades a right answer as passed and stores its events", async () => {
    const res = await submit(guess(42));
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe("queued");
    const run = await untilFinal(id);
    expect(run).toMatchObject({ status: "passed", diagnosis: "42 is the answer.", errorKind: null });
    expect(run.startedAt).toBeTruthy();
    passedId = id;
  });

  it("grades a wrong answer as failed with the lab's diagnosis", async () => {
    const { id } = (await (await submit(guess(7))).json()) as { id: string };
    const run = await untilFinal(id);
    expect(run).toMatchObject({ status: "failed", diagnosis: "The value 7 is not the answer: see process 1's write 1 (operation 2).", hint: "Try 42." });
    failedId = id;
  });

  it("stores the grade's witness and sends it with GET and in the `end` event", async () => {
    const witness = { kind: "wrong-value", op: { index: 2, process: 1, f: "write", key: "x", value: 1, outcome: "ok" } };
    expect((await getRun(failedId)).witness).toEqual(witness);
    const end = (await events(failedId)).at(-1)!;
    expect(end.event).toBe("end");
    expect(JSON.parse(end.data)).toMatchObject({ status: "failed", witness, practice: null, replayOf: null });
  });

  it("counts a prediction once: a later run is practice, and a student never gets a predict grade's details", async () => {
    const predict = (prediction: string) => ({ labId: "pipeline-echo", taskId: "predict", answer: { prediction } });
    const first = (await (await submit(predict("a"), "10.6.6.1")).json()) as { id: string };
    expect(await untilFinal(first.id)).toMatchObject({ status: "failed", kind: "predict", practice: null, details: null });
    const second = (await (await submit(predict("b"), "10.6.6.2")).json()) as { id: string };
    const run = await untilFinal(second.id);
    expect(run).toMatchObject({ status: "passed", practice: { why: "predicted", first: { id: first.id, status: "failed" } } });
    const end = JSON.parse((await events(first.id)).at(-1)!.data) as Record<string, unknown>;
    expect(end).toMatchObject({ status: "failed", details: null });
    expect(JSON.stringify(end)).not.toContain('"b"');
  });

  it("replays every event over SSE, ids = seq, then `end` with the grade", async () => {
    const all = await events(passedId);
    const end = all.at(-1)!;
    expect(end.event).toBe("end");
    expect(JSON.parse(end.data)).toMatchObject({ status: "passed", diagnosis: "42 is the answer." });
    const evs = all.filter((m) => m.event === "message");
    expect(evs.map((m) => Number(m.id))).toEqual(evs.map((_, i) => i + 1));
    const kinds = new Set(evs.map((m) => (JSON.parse(m.data) as { kind: string }).kind));
    expect([...kinds].sort()).toEqual(["fault", "metric", "op", "phase", "state"]);
    const phases = evs.map((m) => JSON.parse(m.data) as { kind: string; phase?: string }).filter((e) => e.kind === "phase").map((e) => e.phase);
    expect(phases).toEqual(["start-system", "workload", "heal", "quiesce", "final-reads", "check", "grade", "teardown", "done"]);
  });

  it("resumes from Last-Event-ID (or ?after=) with exactly the missing events", async () => {
    const all = (await events(passedId)).filter((m) => m.event === "message");
    const cut = Math.floor(all.length / 2);
    const resumed = (await events(passedId, { "last-event-id": String(cut) })).filter((m) => m.event === "message");
    expect(resumed.map((m) => m.id)).toEqual(all.slice(cut).map((m) => m.id));
    expect(resumed.map((m) => m.data)).toEqual(all.slice(cut).map((m) => m.data));
    const viaQuery = (await events(passedId, {}, `?after=${all.length - 2}`)).filter((m) => m.event === "message");
    expect(viaQuery.map((m) => m.id)).toEqual(all.slice(-2).map((m) => m.id));
  });

  it("streams live: events arrive before the grade, a reconnect mid-run misses nothing", async () => {
    const { id } = (await (await submit(guess(42, 3_000))).json()) as { id: string };
    // First connection: leave after a few events have arrived live.
    const controller = new AbortController();
    const res = await routes.events(new Request(`http://test/api/runs/${id}/events`, { headers: { cookie }, signal: controller.signal }), params(id));
    const firstPart: SseMessage[] = [];
    await readSse(res.body!, (m) => {
      firstPart.push(m);
      if (firstPart.length === 10) controller.abort();
    }).catch(() => undefined);
    expect(firstPart.length).toBeGreaterThanOrEqual(10);
    expect(firstPart.every((m) => m.event === "message")).toBe(true);
    const runWhileLive = await getRun(id);
    expect(["queued", "running", "grading"]).toContain(runWhileLive.status);
    // Reconnect where we left off: the rest, then the end.
    const lastId = firstPart.at(-1)!.id!;
    const rest = await events(id, { "last-event-id": lastId });
    expect(rest.at(-1)!.event).toBe("end");
    const ids = [...firstPart, ...rest].filter((m) => m.event === "message").map((m) => Number(m.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
  });

  it("ends a run that overruns its hard time limit as `error` (timeout), not as a failure", async () => {
    const { id } = (await (await submit({ labId: "pipeline-echo", taskId: "hang", answer: { code: "while(true){}" } })).json()) as { id: string };
    const run = await untilFinal(id);
    expect(run).toMatchObject({ status: "error", errorKind: "timeout" });
    expect(run.diagnosis).toMatch(/longer than its limit of 1 s/);
    // The worker survived its child being killed and still takes jobs.
    const next = (await (await submit(guess(42, 0))).json()) as { id: string };
    expect((await untilFinal(next.id)).status).toBe("passed");
  });

  it("refuses bad submissions with 400/413 and a message that says what to fix", async () => {
    const cases: [unknown, number, RegExp][] = [
      ["{not json", 400, /must be JSON/],
      [{ labId: "nope", taskId: "guess", answer: {} }, 400, /no lab "nope".*pipeline-echo/],
      [{ labId: "pipeline-echo", taskId: "nope", answer: {} }, 400, /no task "nope".*guess, predict, hang/],
      [{ labId: "pipeline-echo", taskId: "guess" }, 400, /no answer/],
      [{ labId: "pipeline-echo", taskId: "guess", answer: { value: 500, mode: "loud", durationMs: 1 } }, 400, /value: Too big.*mode: Invalid option/],
      [{ labId: "pipeline-echo", taskId: "hang", answer: { code: "x".repeat(66_000) } }, 413, /limit is 65536 bytes/],
      [{ labId: "pipeline-echo", taskId: "hang", answer: { code: "x".repeat(200_000) } }, 413, /larger than/],
    ];
    for (const [body, status, message] of cases) {
      const res = await submit(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });

  it("needs an account to run, and shows a run only to its owner", async () => {
    const anonymous = await routes.submit(new Request("http://test/api/runs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(guess(42, 0)) }));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toMatch(/Sign in to run labs/);
    const mine = await submit(guess(42, 0), "10.7.7.7");
    const { id } = (await mine.json()) as { id: string };
    const stranger = (await signedInUser("stranger")).cookie;
    for (const headers of [{ cookie: stranger }, {}] as Array<Record<string, string>>) {
      const res = await routes.get(new Request(`http://test/api/runs/${id}`, { headers }), params(id));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: "No such run." });
      expect((await routes.events(new Request(`http://test/api/runs/${id}/events`, { headers }), params(id))).status).toBe(404);
    }
    expect((await routes.get(new Request(`http://test/api/runs/${id}`, { headers: { cookie } }), params(id))).status).toBe(200);
  });

  it("answers 404 for an unknown run", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await routes.get(new Request(`http://test/api/runs/${id}`), params(id))).status).toBe(404);
    expect((await routes.events(new Request(`http://test/api/runs/${id}/events`), params(id))).status).toBe(404);
  });

  it("limits submissions per user, whatever X-Forwarded-For says", async () => {
    // A fresh student: the window counts every run this file's student already submitted.
    const fresh = (await signedInUser("rate")).cookie;
    const post = (ip: string) =>
      routes.submit(new Request("http://test/api/runs", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip, cookie: fresh }, body: JSON.stringify(guess(42, 0)) }));
    process.env.FAULTLINE_SUBMIT_RATE = "2";
    try {
      expect((await post("10.9.9.9")).status).toBe(201);
      expect((await post("10.9.9.9")).status).toBe(201);
      const third = await post("10.9.9.9");
      expect(third.status).toBe(429);
      expect(((await third.json()) as { error: string }).error).toMatch(/Too many runs: at most 2 per 60 s/);
      expect((await post("10.8.8.8")).status).toBe(429);
    } finally {
      delete process.env.FAULTLINE_SUBMIT_RATE;
    }
  });
});
