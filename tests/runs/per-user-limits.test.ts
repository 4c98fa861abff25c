/**
 * Limits per user, not per forgeable header: the submit window keys on the user id, each
 * user has at most FAULTLINE_MAX_ACTIVE_RUNS runs waiting or running (also under parallel
 * submits), and X-Forwarded-For is believed only from FAULTLINE_TRUSTED_PROXIES.
 */
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { clientAddress, parseTrustedProxies } from "@/lib/runs/client-ip";
import { RunRequestError } from "@/lib/runs/errors";
import { submitRun } from "@/lib/runs/submit";
import type { LabsManifest } from "@/lib/catalogue";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser, type TestSession } from "../support/session";
import { createUser, deleteUsers } from "../support/users";
import { writeFixtureManifest } from "./support";

const prefix = uniquePrefix("per-user-limits");
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
let manifest: LabsManifest;
let submitRoute: typeof import("@/app/api/runs/route").POST;
let alice: TestSession, bob: TestSession;
const guess = { labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 0 } };

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  const fixture = await writeFixtureManifest();
  manifest = fixture.manifest;
  process.env.FAULTLINE_LABS_MANIFEST = fixture.path;
  [alice, bob] = await Promise.all([signedInUser("limits-a"), signedInUser("limits-b")]);
  submitRoute = (await import("@/app/api/runs/route")).POST;
});

afterAll(async () => {
  const { runServices } = await import("@/lib/runs/services");
  const services = runServices();
  await services.db.user.deleteMany({ where: { id: { in: [alice.userId, bob.userId] } } });
  await services.queue.close();
  await deleteKeys(redis, prefix);
  services.redis.disconnect();
  await services.db.$disconnect();
  redis.disconnect();
});

function post(who: TestSession, forwardedFor: string) {
  return submitRoute(
    new Request("http://test/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: who.cookie, "x-forwarded-for": forwardedFor },
      body: JSON.stringify(guess),
    }),
  );
}

async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function clearRuns(userId: string) {
  const { runServices } = await import("@/lib/runs/services");
  await runServices().db.labRun.deleteMany({ where: { userId } });
}

describe("POST /api/runs limits", () => {
  it("keys the submit window on the user: a new X-Forwarded-For per request does not reset it", async () => {
    await withEnv({ FAULTLINE_SUBMIT_RATE: "2", FAULTLINE_MAX_ACTIVE_RUNS: "0" }, async () => {
      expect((await post(alice, "10.1.0.1")).status).toBe(201);
      expect((await post(alice, "10.1.0.2")).status).toBe(201);
      const third = await post(alice, "10.1.0.3");
      expect(third.status).toBe(429);
      expect(((await third.json()) as { error: string }).error).toMatch(/Too many runs: at most 2 per 60 s/);
      // Another user from the very same address is not affected.
      expect((await post(bob, "10.1.0.3")).status).toBe(201);
    });
    await Promise.all([clearRuns(alice.userId), clearRuns(bob.userId)]);
  });

  it("refuses a 4th run while 3 are waiting or running, with a message that says why", async () => {
    await withEnv({ FAULTLINE_SUBMIT_RATE: "100", FAULTLINE_MAX_ACTIVE_RUNS: "3" }, async () => {
      for (let i = 0; i < 3; i++) expect((await post(bob, `10.2.0.${i}`)).status).toBe(201);
      const fourth = await post(bob, "10.2.0.9");
      expect(fourth.status).toBe(429);
      expect(((await fourth.json()) as { error: string }).error).toMatch(/You have 3 runs waiting or running; wait for one to finish/);
      expect((await post(alice, "10.2.0.9")).status).toBe(201);
    });
    await Promise.all([clearRuns(alice.userId), clearRuns(bob.userId)]);
  });
});

describe("the active-run cap under parallel submits", () => {
  const queue = { add: async () => ({}), opts: { prefix: "faultline-test:fake" } } as unknown as Queue;

  it("lets exactly 3 of 12 parallel submits by one user in, and frees a place when a run ends", async () => {
    const db = (await import("@/lib/runs/services")).runServices().db;
    const student = await createUser(db, "student", "parallel");
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, () => submitRun(guess, { db, queue, manifest, userId: student.id, maxActiveRuns: 3 })),
      );
      const accepted = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(accepted).toHaveLength(3);
      expect(refused.every((r) => r.reason instanceof RunRequestError && r.reason.status === 429)).toBe(true);
      expect(await db.labRun.count({ where: { userId: student.id } })).toBe(3);

      const one = await db.labRun.findFirstOrThrow({ where: { userId: student.id } });
      await db.labRun.update({ where: { id: one.id }, data: { status: "passed" } });
      await expect(submitRun(guess, { db, queue, manifest, userId: student.id, maxActiveRuns: 3 })).resolves.toMatchObject({ status: "queued" });
    } finally {
      await deleteUsers(db, [student]);
    }
  });
});

describe("client address for per-address limits", () => {
  const xff = (value: string) => new Headers({ "x-forwarded-for": value });

  it("ignores X-Forwarded-For unless proxies are trusted", () => {
    expect(clientAddress(xff("203.0.113.7"), null)).toBeNull();
    expect(clientAddress(new Headers({ "x-real-ip": "203.0.113.7" }), null)).toBeNull();
    expect(clientAddress(xff("203.0.113.7"))).toBeNull(); // the default: FAULTLINE_TRUSTED_PROXIES unset
  });

  it("takes the right-most hop that is not a trusted proxy", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1");
    expect(clientAddress(xff("203.0.113.7"), trusted)).toBe("203.0.113.7");
    // A client's own header sits left of what our proxies appended: it is not believed.
    expect(clientAddress(xff("1.1.1.1, 203.0.113.7, 10.0.0.5"), trusted)).toBe("203.0.113.7");
    expect(clientAddress(xff("::ffff:198.51.100.2"), trusted)).toBe("198.51.100.2");
    expect(clientAddress(xff("[2001:db8::1]:443"), trusted)).toBe("2001:db8::1");
    expect(clientAddress(xff("127.0.0.1"), trusted)).toBe("127.0.0.1");
    expect(clientAddress(xff("not-an-ip, 10.0.0.5"), trusted)).toBeNull();
    expect(clientAddress(new Headers(), trusted)).toBeNull();
  });

  it("refuses a malformed FAULTLINE_TRUSTED_PROXIES", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.local")).toThrow(/proxy.local/);
    expect(parseTrustedProxies(" , ")).toBeNull();
  });
});
