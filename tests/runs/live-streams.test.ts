/**
 * Live event streams share one Redis reader per process and are capped per user: many open
 * streams hold one named reader connection, a user's 5th stream gets 429, and the shared
 * reader still delivers each stream its own entries at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { StreamHub, type StreamEntry } from "@/lib/runs/stream-hub";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser, type TestSession } from "../support/session";
import { sleep, waitFor, writeFixtureManifest } from "./support";

const prefix = uniquePrefix("live-streams");
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
let events: typeof import("@/app/api/runs/[id]/events/route").GET;
let services: typeof import("@/lib/runs/services");
let ada: TestSession, ben: TestSession;
const open: AbortController[] = [];

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  process.env.FAULTLINE_LABS_MANIFEST = (await writeFixtureManifest()).path;
  [ada, ben] = await Promise.all([signedInUser("streams-a"), signedInUser("streams-b")]);
  events = (await import("@/app/api/runs/[id]/events/route")).GET;
  services = await import("@/lib/runs/services");
});

afterAll(async () => {
  for (const c of open) c.abort();
  services.closeStreamHub();
  const s = services.runServices();
  await s.db.user.deleteMany({ where: { id: { in: [ada.userId, ben.userId] } } });
  await s.queue.close();
  await deleteKeys(redis, prefix);
  s.redis.disconnect();
  await s.db.$disconnect();
  redis.disconnect();
});

/** A run that stays queued (no worker here), so its stream stays open and live. */
async function queuedRun(userId: string): Promise<string> {
  const run = await services.runServices().db.labRun.create({
    data: { userId, labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 0 }, seed: 1, status: "queued" },
  });
  return run.id;
}

async function openStream(who: TestSession, runId: string): Promise<{ res: Response; controller: AbortController }> {
  const controller = new AbortController();
  open.push(controller);
  const res = await events(new Request(`http://test/api/runs/${runId}/events`, { headers: { cookie: who.cookie }, signal: controller.signal }), {
    params: Promise.resolve({ id: runId }),
  });
  return { res, controller };
}

/** Connections on the test Redis, and how many carry the shared reader's name. */
async function clients(): Promise<{ total: number; readers: number }> {
  const list = ((await redis.client("LIST")) as string).trim().split("\n");
  const name = services.streamReaderName(prefix);
  return { total: list.length, readers: list.filter((l) => l.includes(` name=${name} `)).length };
}

describe("live event streams", () => {
  it("8 open streams share one Redis reader connection", async () => {
    const runs = await Promise.all([queuedRun(ada.userId), queuedRun(ada.userId), queuedRun(ben.userId), queuedRun(ben.userId)]);
    services.runServices(); // the app's own connection exists before we count
    await services.runServices().redis.ping();
    const before = await clients();
    const streams = [];
    for (const who of [ada, ben]) for (const runId of runs.slice(who === ada ? 0 : 2, who === ada ? 2 : 4)) {
      streams.push(await openStream(who, runId), await openStream(who, runId));
    }
    expect(streams.map((s) => s.res.status)).toEqual(Array(8).fill(200));
    await sleep(300);
    const during = await clients();
    expect(during.readers).toBe(1);
    // One shared reader (plus slack for anything else on this Redis), not one per stream.
    expect(during.total - before.total).toBeLessThanOrEqual(3);
    for (const s of streams) s.controller.abort();
  });

  it("gives a user's 5th live stream 429, and frees the place when a stream closes", async () => {
    await waitFor(async () => Number(await redis.zcard(`${prefix}:sse-slots:${ada.userId}`)), (n) => n === 0, 5_000, "earlier streams' slots to be released");
    const runId = await queuedRun(ada.userId);
    const four = [];
    for (let i = 0; i < 4; i++) four.push(await openStream(ada, runId));
    expect(four.map((s) => s.res.status)).toEqual([200, 200, 200, 200]);
    const fifth = await openStream(ada, runId);
    expect(fifth.res.status).toBe(429);
    expect(((await fifth.res.json()) as { error: string }).error).toMatch(/You have 4 live run views open/);
    // Someone else is not affected.
    expect((await openStream(ben, await queuedRun(ben.userId))).res.status).toBe(200);
    four[0]!.controller.abort();
    await waitFor(async () => Number(await redis.zcard(`${prefix}:sse-slots:${ada.userId}`)), (n) => n === 3, 5_000, "the closed stream's slot");
    expect((await openStream(ada, runId)).res.status).toBe(200);
  });
});

describe("the shared reader", () => {
  it("fans each stream's entries out to its own subscribers, and a new stream joins a blocked read at once", async () => {
    const reader = redis.duplicate({ maxRetriesPerRequest: null });
    const hub = new StreamHub(reader, redis, 10_000);
    const [k1, k2, k3] = ["a", "b", "c"].map((k) => `${prefix}:hub:${k}`);
    const got: Record<string, string[]> = { one: [], two: [], three: [] };
    const record = (who: string) => (entries: StreamEntry[]) => got[who]!.push(...entries.map((e) => e.id));
    try {
      await waitFor(async () => reader.status, (s) => s === "ready", 5_000, "the reader");
      const stopOne = hub.subscribe(k1!, 0, record("one"));
      hub.subscribe(k2!, 0, record("two"));
      await redis.xadd(k1!, "0-1", "e", "{}");
      await redis.xadd(k2!, "0-1", "e", "{}");
      await redis.xadd(k2!, "0-2", "e", "{}");
      await waitFor(async () => got.one!.length + got.two!.length, (n) => n === 3, 3_000, "entries");
      expect(got).toMatchObject({ one: ["0-1"], two: ["0-1", "0-2"] });
      // The reader is now blocked for up to 10 s: a new subscription must not wait for that.
      await sleep(200);
      await redis.xadd(k3!, "0-1", "e", "{}");
      const t0 = Date.now();
      hub.subscribe(k3!, 0, record("three"));
      await waitFor(async () => got.three!.length, (n) => n === 1, 3_000, "the late stream's entry");
      expect(Date.now() - t0).toBeLessThan(2_000);
      stopOne();
      await redis.xadd(k1!, "0-2", "e", "{}");
      await sleep(300);
      expect(got.one).toEqual(["0-1"]);
      expect(hub.streamCount).toBe(2);
    } finally {
      hub.close();
    }
  });
});
