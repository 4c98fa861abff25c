/**
 * One run's story in logs and traces, with real Postgres, Redis, a real worker process and its
 * run child: the web side's log lines (read from this process's stdout) and the worker's
 * output follow the run id from the request to the stored grade, and its spans reach an OTLP
 * endpoint (a tiny HTTP server here) and the run_span table as one correctly parented trace.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser, type TestSession } from "../support/session";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { FIXTURE_LABS_DIR, waitFor, writeFixtureManifest } from "../runs/support";

const prefix = uniquePrefix("telemetry");
const runsDir = mkdtempSync(join(tmpdir(), "faultline-telemetry-runs-"));
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;
// The story is told at info level; `npm test` runs with LOG_LEVEL=warn (lib/log.ts reads it at import).
process.env.LOG_LEVEL = "info";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** OTLP/HTTP JSON as the exporter sends it (ids hex; base64 accepted too, as protobuf-JSON allows). */
function spansOf(body: unknown): OtlpSpan[] {
  const hex = (id: unknown) => (typeof id === "string" && /^[0-9a-f]*$/i.test(id) ? id.toLowerCase() : Buffer.from(String(id ?? ""), "base64").toString("hex"));
  type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
  type KeyValue = { key: string; value: AnyValue };
  const value = (v: AnyValue) => v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
  const out: OtlpSpan[] = [];
  for (const rs of (body as { resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }> }).resourceSpans ?? []) {
    const service = String(value(rs.resource?.attributes?.find((a) => a.key === "service.name")?.value ?? {}) ?? "");
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const attributes = Object.fromEntries(((s.attributes as KeyValue[]) ?? []).map((a) => [a.key, value(a.value)]));
        const parent = hex(s.parentSpanId);
        out.push({ traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: parent || undefined, name: String(s.name), service, attributes });
      }
    }
  }
  return out;
}

/** A stand-in OTLP collector: records every span posted to /v1/traces. */
function startCollector(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; contentTypes: Set<string> }> {
  const spans: OtlpSpan[] = [];
  const contentTypes = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let raw = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
      contentTypes.add(String(req.headers["content-type"]));
      if (req.url === "/v1/traces") spans.push(...spansOf(JSON.parse(raw.toString("utf8"))));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes })));
}

let collector: Awaited<ReturnType<typeof startCollector>>;
let worker: WorkerProcess;
let student: TestSession;
let submitRoute: typeof import("@/app/api/runs/route").POST;
const redis = testRedis();

// The web side logs to this process's stdout: keep a copy of every line written there.
const webOutput: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  collector = await startCollector();
  // Read once, when the first span is made: set before any route runs.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  await migrate(TEST_DATABASE_URL);
  process.env.FAULTLINE_LABS_MANIFEST = (await writeFixtureManifest()).path;
  student = await signedInUser("telemetry");
  submitRoute = (await import("@/app/api/runs/route")).POST;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    webOutput.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  worker = await startWorker({
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: TEST_DATABASE_URL,
    FAULTLINE_REDIS_PREFIX: prefix,
    FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR,
    FAULTLINE_RUNS_DIR: runsDir,
    FAULTLINE_RUN_MARGIN_MS: "3000",
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    LOG_LEVEL: "info",
  });
});

afterAll(async () => {
  process.stdout.write = realWrite;
  await worker?.stop();
  const { closeStreamHub, runServices } = await import("@/lib/runs/services");
  closeStreamHub();
  const services = runServices();
  await services.queue.close();
  await deleteKeys(redis, prefix);
  services.redis.disconnect();
  await services.db.$disconnect();
  redis.disconnect();
  collector?.server.close();
  rmSync(runsDir, { recursive: true, force: true });
});

type LogLine = Record<string, unknown> & { msg?: string };

/** Every JSON line in `text` (other output, e.g. "worker ready", is skipped). */
function jsonLines(text: string): LogLine[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
}

const grep = (lines: LogLine[], runId: string) => lines.filter((l) => JSON.stringify(l).includes(runId));

async function submit(requestId?: string): Promise<{ runId: string; requestId: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json", cookie: student.cookie };
  if (requestId !== undefined) headers["x-request-id"] = requestId;
  const res = await submitRoute(
    new Request("http://test/api/runs", { method: "POST", headers, body: JSON.stringify({ labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 300 } }) }),
  );
  expect(res.status).toBe(201);
  return { runId: ((await res.json()) as { id: string }).id, requestId: res.headers.get("x-request-id") };
}

async function untilFinal(runId: string) {
  const { prisma } = await import("@/lib/db/client");
  return waitFor(() => prisma().labRun.findUnique({ where: { id: runId }, select: { status: true } }), (r) => ["passed", "failed", "error"].includes(r?.status ?? ""), 60_000, `run ${runId} to finish`);
}

describe("logs", () => {
  it("follows one run id from the request through the worker and its child to the stored grade", async () => {
    const sentId = `req-${randomUUID()}`;
    const { runId, requestId } = await submit(sentId);
    expect(requestId).toBe(sentId);
    expect((await untilFinal(runId))?.status).toBe("passed");
    // The worker logs "grade stored" right after storing it; give its pipe a moment.
    await waitFor(async () => worker.output(), (out) => grep(jsonLines(out), runId).some((l) => l.msg === "grade stored"), 20_000, "the worker's grade line");

    const web = grep(jsonLines(webOutput.join("")), runId);
    const fromWorker = grep(jsonLines(worker.output()), runId);
    const story = [...web, ...fromWorker].map((l) => l.msg);
    for (const step of ["run stored", "run enqueued", "run request answered", "job taken", "child started", "checker done", "run graded", "grade stored"]) expect(story).toContain(step);
    const phases = fromWorker.filter((l) => l.msg === "phase").map((l) => l.phase);
    expect(phases).toEqual(["start-system", "workload", "heal", "quiesce", "final-reads", "check", "grade", "teardown", "done"]);
    // The child's lines came through the worker's output, tagged as the child's.
    expect(fromWorker.find((l) => l.msg === "child started")?.component).toBe("run-child");

    // Every line of the run carries the request id and the user; the worker's also the job and worker.
    for (const line of [...web, ...fromWorker]) {
      expect(line.requestId, JSON.stringify(line)).toBe(sentId);
      expect(line.userId, JSON.stringify(line)).toBe(student.userId);
    }
    for (const line of fromWorker) {
      expect(line.jobId, JSON.stringify(line)).toBe(runId);
      expect(String(line.workerId), JSON.stringify(line)).toMatch(/-\d+$/);
    }
    const stored = fromWorker.find((l) => l.msg === "grade stored");
    expect(stored).toMatchObject({ verdict: "pass", status: "passed" });
    // The request's first line has no run yet: it is found through the request id.
    expect(jsonLines(webOutput.join("")).some((l) => l.msg === "run request received" && l.requestId === sentId)).toBe(true);
    // No answer text in any line of the run.
    expect(JSON.stringify([...web, ...fromWorker])).not.toContain('"mode":"steady"');
  });

  it("replaces an x-request-id that does not look like an id, and makes one when there is none", async () => {
    const forged = await submit("bad id\twith tabs");
    expect(forged.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const none = await submit();
    expect(none.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.requestId).not.toBe(forged.requestId);
    await untilFinal(forged.runId);
    await untilFinal(none.runId);
  });

  it("redacts answers and secrets wherever they sit in a line", async () => {
    const { log } = await import("@/lib/log");
    const before = webOutput.length;
    log.info({ answer: { code: "return 42" }, spec: { answer: "inner-answer", redisUrl: "redis://:pw@h" }, password: "hunter2" }, "redaction check");
    const line = webOutput.slice(before).join("");
    expect(line).toContain("redaction check");
    for (const secret of ["return 42", "inner-answer", "redis://:pw@h", "hunter2"]) expect(line).not.toContain(secret);
  });
});

describe("traces", () => {
  it("exports one trace per run over OTLP, parented submit → enqueue → queue wait / job → child → phases, store; and keeps it in run_span", async () => {
    const { runId } = await submit();
    await untilFinal(runId);
    const { flushTraces } = await import("@/lib/observability/tracing");
    await flushTraces(); // the web side's spans; the worker's batch leaves within its 5 s delay
    const expected = ["run.submit", "run.enqueue", "run.queue-wait", "run.job", "run.child", "phase:start-system", "phase:workload", "phase:check", "phase:grade", "phase:teardown", "run.store"];
    const ofRun = () => collector.spans.filter((s) => s.attributes["faultline.run.id"] === runId);
    await waitFor(async () => ofRun().map((s) => s.name), (names) => expected.every((n) => names.includes(n)), 40_000, "the run's spans at the collector");
    expect([...collector.contentTypes]).toContain("application/json");

    const spans = ofRun();
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const byName = (name: string) => {
      const found = spans.filter((s) => s.name === name);
      expect(found, name).toHaveLength(1);
      return found[0]!;
    };
    const submitSpan = byName("run.submit");
    const enqueue = byName("run.enqueue");
    const job = byName("run.job");
    const child = byName("run.child");
    expect(submitSpan.parentSpanId).toBeUndefined();
    expect(enqueue.parentSpanId).toBe(submitSpan.spanId);
    expect(byName("run.queue-wait").parentSpanId).toBe(enqueue.spanId);
    expect(job.parentSpanId).toBe(enqueue.spanId);
    expect(child.parentSpanId).toBe(job.spanId);
    expect(byName("run.store").parentSpanId).toBe(job.spanId);
    expect(byName("run.store").attributes["faultline.verdict"]).toBe("pass");
    for (const phase of spans.filter((s) => s.name.startsWith("phase:"))) expect(phase.parentSpanId).toBe(child.spanId);
    // Service names tell the web's spans from the worker's.
    expect([submitSpan.service, enqueue.service]).toEqual(["faultline-web", "faultline-web"]);
    for (const s of spans.filter((s) => !["run.submit", "run.enqueue"].includes(s.name))) expect(s.service, s.name).toBe("faultline-worker");

    // The same spans are kept for the run page's waterfall.
    const { prisma } = await import("@/lib/db/client");
    const rows = await waitFor(() => prisma().runSpan.findMany({ where: { runId } }), (r) => expected.every((n) => r.some((row) => row.name === n)), 20_000, "run_span rows");
    expect(new Set(rows.map((r) => r.traceId))).toEqual(new Set([submitSpan.traceId]));
    for (const row of rows) {
      const exported = spans.find((s) => s.spanId === row.spanId);
      expect(exported, row.name).toBeDefined();
      expect(row.parentSpanId ?? undefined, row.name).toBe(exported!.parentSpanId);
      expect(row.service).toBe(exported!.service);
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
    }
  });
});
