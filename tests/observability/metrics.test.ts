/**
 * GET /metrics end to end: the web app's own counters, a real worker's (pushed through Redis),
 * and the queue and worker gauges, before and after a real run; the bearer token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { parsePrometheusText, sumOf, type Sample } from "../support/prometheus-text";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser } from "../support/session";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { FIXTURE_LABS_DIR, readSse, waitFor, writeFixtureManifest } from "../runs/support";

const prefix = uniquePrefix("metrics");
const runsDir = mkdtempSync(join(tmpdir(), "faultline-metrics-runs-"));
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
let worker: WorkerProcess;
let cookie = "";
let routes: {
  metrics: typeof import("@/app/metrics/route").GET;
  submit: typeof import("@/app/api/runs/route").POST;
  get: typeof import("@/app/api/runs/[id]/route").GET;
  events: typeof import("@/app/api/runs/[id]/events/route").GET;
};

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  process.env.FAULTLINE_LABS_MANIFEST = (await writeFixtureManifest()).path;
  cookie = (await signedInUser("metrics")).cookie;
  routes = {
    metrics: (await import("@/app/metrics/route")).GET,
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
}, 90_000);

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

async function scrape(headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await routes.metrics(new Request("http://test/metrics", { headers }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

const lab = { lab: "pipeline-echo", task: "guess" };

async function runToTheEnd(): Promise<string> {
  const res = await routes.submit(
    new Request("http://test/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "10.9.0.1", cookie },
      body: JSON.stringify({ labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 300 } }),
    }),
  );
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await waitFor(
    async () => (await (await routes.get(new Request(`http://test/api/runs/${id}`, { headers: { cookie } }), { params: Promise.resolve({ id }) })).json()) as { status: string },
    (r) => r.status === "passed",
    60_000,
    `run ${id} to pass`,
  );
  return id;
}

describe("GET /metrics", () => {
  it("shows a run move the web's and the worker's counters, and sees the queue and the worker", async () => {
    const before = await scrape();
    // Default process metrics are there, under our prefix, for this process.
    expect(sumOf(before, "faultline_process_cpu_user_seconds_total", { role: "web" })).toBeGreaterThan(0);
    expect(sumOf(before, "faultline_queue_up")).toBe(1);

    await runToTheEnd();

    const submittedBefore = sumOf(before, "faultline_runs_submitted_total", { ...lab, role: "web" });
    const finishedBefore = sumOf(before, "faultline_runs_finished_total", { ...lab, status: "passed", role: "worker" });
    // The worker pushes with its 2.5 s heartbeat: wait for the push that follows the grade.
    const after = await waitFor(
      () => scrape(),
      (s) => sumOf(s, "faultline_runs_finished_total", { ...lab, status: "passed", role: "worker" }) === finishedBefore + 1,
      20_000,
      "the worker's finished counter to move",
    );
    expect(sumOf(after, "faultline_runs_submitted_total", { ...lab, role: "web" })).toBe(submittedBefore + 1);
    for (const histogram of ["faultline_run_queue_wait_seconds_count", "faultline_checker_seconds_count", "faultline_run_duration_seconds_count"]) {
      expect(sumOf(after, histogram, { lab: "pipeline-echo", role: "worker" }), histogram).toBeGreaterThan(sumOf(before, histogram, { lab: "pipeline-echo", role: "worker" }));
    }
    expect(sumOf(after, "faultline_http_request_duration_seconds_count", { route: "/api/runs", method: "POST", status: "201" })).toBeGreaterThan(
      sumOf(before, "faultline_http_request_duration_seconds_count", { route: "/api/runs", method: "POST", status: "201" }),
    );
    expect(sumOf(after, "faultline_workers_live")).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, "faultline_queue_jobs", { state: "completed" })).toBeGreaterThanOrEqual(1);
    // The worker's own process metrics come through with its labels, not summed into the web's.
    const workerCpu = after.filter((s) => s.name === "faultline_process_cpu_user_seconds_total" && s.labels.role === "worker");
    expect(workerCpu.length).toBe(1);
    expect(workerCpu[0]!.labels.instance).toMatch(/-\d+$/);
  }, 120_000);

  it("counts open SSE streams while they are open", async () => {
    const id = await runToTheEnd();
    const open = sumOf(await scrape(), "faultline_sse_streams_open", { role: "web" });
    const abort = new AbortController();
    const res = await routes.events(new Request(`http://test/api/runs/${id}/events`, { headers: { cookie }, signal: abort.signal }), { params: Promise.resolve({ id }) });
    expect(sumOf(await scrape(), "faultline_sse_streams_open", { role: "web" })).toBe(open + 1);
    await readSse(res.body!); // a finished run's stream replays and ends
    expect(sumOf(await scrape(), "faultline_sse_streams_open", { role: "web" })).toBe(open);
  }, 120_000);

  it("wants the bearer token when FAULTLINE_METRICS_TOKEN is set", async () => {
    process.env.FAULTLINE_METRICS_TOKEN = "scrape-secret-for-tests";
    try {
      const none = await routes.metrics(new Request("http://test/metrics"));
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await none.text()).toMatch(/Authorization: Bearer/);
      const wrong = await routes.metrics(new Request("http://test/metrics", { headers: { authorization: "Bearer nope" } }));
      expect(wrong.status).toBe(401);
      const samples = await scrape({ authorization: "Bearer scrape-secret-for-tests" });
      expect(sumOf(samples, "faultline_queue_up")).toBe(1);
    } finally {
      delete process.env.FAULTLINE_METRICS_TOKEN;
    }
  });
});
