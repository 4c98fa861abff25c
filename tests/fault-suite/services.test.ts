/**
 * The fault suite, part 1: the services under the platform fail while students' runs are in
 * flight — a worker is SIGKILLed, Redis restarts empty, Postgres stops for 5 s mid-run and
 * again just as the run is graded, the browser's event stream drops. Each case, through the
 * real app and workers: the run ends in a final state within its limit + 15 s; the student
 * sees a clear message; the event log replays from the start with no gap; no process or port
 * of the run remains; and a run beside it is unaffected.
 */
import { hostname } from "node:os";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOwner } from "@/lib/runs/run-owner";
import { sleep, type SseMessage } from "../runs/support";
import { leftovers, listeningPorts } from "./support/leftovers";
import { startStack, type Stack } from "./support/stack";
import { gapFree, StudentClient } from "./support/student";

/** pipeline-echo's `guess` task limit. */
const LIMIT_MS = 60_000;
const WITHIN_MS = LIMIT_MS + 15_000;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ logName: "services" });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

const guess = (durationMs: number) => ({ value: 42, mode: "steady", durationMs });

/** Follows a run's live stream in the background; resolves when the first message matching `until` arrives. */
function follow(student: StudentClient, runId: string, until: (m: SseMessage) => boolean, after = 0) {
  const seen: SseMessage[] = [];
  let hit: () => void;
  const reached = new Promise<void>((r) => (hit = r));
  const controller = new AbortController();
  const done = student
    .stream(runId, { after, signal: controller.signal, onMessage: (m) => (seen.push(m), until(m) && hit()) })
    .catch((err: Error) => (seen.push({ event: "client-error", data: err.message }), []));
  return { seen, reached, done, stop: () => controller.abort() };
}

/** A second student's run on the other worker while the fault happens: it must pass. */
async function besideRun(durationMs: number): Promise<() => Promise<void>> {
  const neighbour = await StudentClient.signUp(stack.baseUrl, "beside");
  const id = await neighbour.submit("pipeline-echo", "guess", guess(durationMs));
  return async () => {
    const ended = await neighbour.untilFinal(id, WITHIN_MS);
    expect(ended.status, `the run beside it: ${ended.errorKind} ${ended.diagnosis}`).toBe("passed");
  };
}

const isEvent = (kind: string) => (m: SseMessage) => m.event === "message" && (JSON.parse(m.data) as { kind: string }).kind === kind;

async function expectNothingLeft() {
  const workerPids = stack.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).map((w) => w.child.pid!);
  let left = leftovers(stack.mark, workerPids);
  for (let i = 0; i < 40 && left.length; i++) {
    await sleep(250);
    left = leftovers(stack.mark, workerPids);
  }
  expect(left, "processes left by the run").toEqual([]);
  expect(listeningPorts(stack.mark), "ports left open by the run").toEqual([]);
}

async function expectReplayGapFree(student: StudentClient, runId: string) {
  const replay = gapFree(await student.stream(runId));
  expect(replay.why, `replay of ${runId}`).toBeUndefined();
  expect(replay.ids.length).toBeGreaterThan(3);
}

describe("fault suite: services fail under running labs", () => {
  it("a worker SIGKILLed mid-run: the run ends worker-lost, the run beside it passes", { timeout: 180_000 }, async () => {
    const victim = await StudentClient.signUp(stack.baseUrl, "victim");
    const neighbour = await StudentClient.signUp(stack.baseUrl, "neighbour");
    const runId = await victim.submit("pipeline-echo", "guess", guess(30_000));
    const live = follow(victim, runId, isEvent("op"));
    await live.reached;
    const redis = new Redis(stack.redis.url);
    const owner = await runOwner(redis, stack.prefix, runId);
    redis.disconnect();
    const doomed = stack.workers.find((w) => `${hostname()}-${w.child.pid}` === owner);
    expect(doomed, `the run's owner ${owner} is one of our workers`).toBeDefined();
    // The other worker is free: the neighbour's run goes there and must not notice a thing.
    const besideId = await neighbour.submit("pipeline-echo", "guess", guess(4_000));
    await doomed!.stop("SIGKILL");
    const killedAt = Date.now();
    stack.workers.splice(stack.workers.indexOf(doomed!), 1);

    const ended = await victim.untilFinal(runId, WITHIN_MS);
    expect(Date.now() - killedAt).toBeLessThan(WITHIN_MS);
    expect(ended).toMatchObject({ status: "error", errorKind: "worker-lost" });
    expect(ended.diagnosis).toMatch(/stopped unexpectedly.*does not count as an attempt/);
    await live.done;
    const liveIds = gapFree(live.seen);
    expect(liveIds.why).toBeUndefined();
    // The replay holds everything viewers saw live, even what the dead worker never stored.
    const replayIds = gapFree(await victim.stream(runId));
    expect(replayIds.why).toBeUndefined();
    expect(replayIds.ids.slice(0, liveIds.ids.length)).toEqual(liveIds.ids);
    expect(await neighbour.untilFinal(besideId, WITHIN_MS)).toMatchObject({ status: "passed" });
    await expectNothingLeft();
    await stack.addWorker();
  });

  it("Redis restarts empty mid-run: the run still passes, the stream resumes, new runs queue", { timeout: 180_000 }, async () => {
    const student = await StudentClient.signUp(stack.baseUrl, "redis-restart");
    const beside = await besideRun(6000);
    const runId = await student.submit("pipeline-echo", "guess", guess(8_000));
    const live = follow(student, runId, isEvent("op"));
    await live.reached;
    await stack.redis.kill();
    const faultAt = Date.now();
    await sleep(1_000);
    await stack.redis.start();

    const ended = await student.untilFinal(runId, WITHIN_MS);
    expect(Date.now() - faultAt).toBeLessThan(WITHIN_MS);
    expect(ended.status).toBe("passed");
    // The live stream broke with Redis or rode it out; either way, resuming from the last id it
    // got (as EventSource does) completes the log without a gap.
    await live.done;
    const got = live.seen.filter((m) => m.event === "message");
    const rest = live.seen.at(-1)?.event === "end" ? live.seen.slice(-1) : await student.stream(runId, { after: Number(got.at(-1)?.id ?? 0) });
    expect(gapFree([...got, ...rest]).why).toBeUndefined();
    await expectReplayGapFree(student, runId);
    // The queue works again: a new run is taken and graded.
    const next = await student.submit("pipeline-echo", "guess", guess(500));
    expect(await student.untilFinal(next, WITHIN_MS)).toMatchObject({ status: "passed" });
    await beside();
    await expectNothingLeft();
  });

  it("Postgres stops for 5 s mid-run: requests get a clear 503, the run passes with every event", { timeout: 180_000 }, async () => {
    const student = await StudentClient.signUp(stack.baseUrl, "pg-mid-run");
    const beside = await besideRun(6000);
    const runId = await student.submit("pipeline-echo", "guess", guess(8_000));
    const live = follow(student, runId, isEvent("op"));
    await live.reached;
    await stack.pg.stop();
    const faultAt = Date.now();
    const during = await student.read(runId);
    expect(during.status).toBe(503);
    expect(during.body.error).toMatch(/database is not answering.*Nothing you submitted is lost: try again in a few seconds/);
    await sleep(Math.max(0, 5_000 - (Date.now() - faultAt)));
    await stack.pg.start();

    const ended = await student.untilFinal(runId, WITHIN_MS);
    expect(Date.now() - faultAt).toBeLessThan(WITHIN_MS);
    expect(ended.status).toBe("passed");
    await live.done;
    await expectReplayGapFree(student, runId);
    await beside();
    await expectNothingLeft();
  });

  it("Postgres stops for 5 s as the run is graded: the grade is stored once it is back", { timeout: 180_000 }, async () => {
    const student = await StudentClient.signUp(stack.baseUrl, "pg-grading");
    const beside = await besideRun(3000);
    const runId = await student.submit("pipeline-echo", "guess", guess(1_500));
    const live = follow(student, runId, (m) => m.event === "message" && (JSON.parse(m.data) as { phase?: string }).phase === "check");
    await live.reached;
    await stack.pg.stop();
    const faultAt = Date.now();
    await sleep(5_000);
    await stack.pg.start();

    const ended = await student.untilFinal(runId, WITHIN_MS);
    expect(Date.now() - faultAt).toBeLessThan(WITHIN_MS);
    expect(ended.status).toBe("passed");
    await live.done;
    await expectReplayGapFree(student, runId);
    await beside();
    await expectNothingLeft();
  });

  it("the browser's stream drops mid-run: resuming from Last-Event-ID misses nothing and repeats nothing", { timeout: 120_000 }, async () => {
    const student = await StudentClient.signUp(stack.baseUrl, "stream-drop");
    const runId = await student.submit("pipeline-echo", "guess", guess(4_000));
    let count = 0;
    const first = follow(student, runId, (m) => m.event === "message" && ++count >= 5);
    await first.reached;
    first.stop();
    await first.done;
    const got = first.seen.filter((m) => m.event === "message");
    expect(got.length).toBeGreaterThanOrEqual(5);
    // Two more drops while it runs, each resumed from the last id received (as EventSource does).
    let all = got;
    for (let i = 0; i < 2; i++) {
      const again = follow(student, runId, () => false, Number(all.at(-1)!.id));
      await sleep(600);
      again.stop();
      await again.done;
      all = [...all, ...again.seen.filter((m) => m.event === "message")];
    }
    const rest = await student.stream(runId, { after: Number(all.at(-1)!.id) });
    all = [...all, ...rest];
    expect(gapFree(all).why).toBeUndefined();
    expect((await student.untilFinal(runId, WITHIN_MS)).status).toBe("passed");
    await expectNothingLeft();
  });
});
