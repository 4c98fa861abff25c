/**
 * Student-controlled text is cut before it is stored or streamed: a lab that quotes a
 * megabyte of a student's value in an event or a diagnosis still leaves a run_event row, a
 * Redis stream entry and a lab_run row of a few KB, with a note saying what was cut — and an
 * op event keeps its place in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { Grade, LabEvent } from "@/lib/labs/types";
import { boundEvent, boundGrade, EVENT_JSON_LIMIT, GRADE_JSON_LIMIT, GRADE_TEXT_LIMIT } from "@/lib/runs/bounded-output";
import { EVENT_FIELD, eventStreamKey } from "@/lib/runs/event-keys";
import { EventRecorder } from "@/lib/runs/recorder";
import { finishRun } from "@/lib/runs/status";
import { deleteKeys, TEST_DATABASE_URL, testRedis, uniquePrefix } from "../support/services";
import { addRun, createUser, deleteUsers } from "../support/users";

const MEGABYTE = "x".repeat(1024 * 1024);
const prefix = uniquePrefix("bounded");
const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const users: Awaited<ReturnType<typeof createUser>>[] = [];

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  users.push(await createUser(db, "student", "bounded"));
});

afterAll(async () => {
  await deleteUsers(db, users);
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
});

describe("boundEvent", () => {
  it("leaves an ordinary event as it is", () => {
    const event: LabEvent = { kind: "op", t: 3, op: { process: 1, type: "ok", f: "read", value: [1, 2, 3] } };
    expect(boundEvent(event)).toBe(event);
  });

  it("cuts a huge string inside an event and says how much was cut", () => {
    const out = boundEvent({ kind: "log", t: 1, level: "error", message: MEGABYTE });
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(EVENT_JSON_LIMIT);
    expect(out.kind === "log" && out.message).toMatch(/cut: \d+ more characters/);
  });

  it("keeps an op with a huge non-string value as an op, its value cut JSON text", () => {
    const out = boundEvent({ kind: "op", t: 1, op: { process: 2, type: "ok", f: "read", value: Array.from({ length: 100_000 }, (_, i) => i) } });
    expect(out.kind).toBe("op");
    if (out.kind !== "op") return;
    expect(out.op).toMatchObject({ process: 2, type: "ok", f: "read" });
    expect(out.op.value).toMatch(/^\[0,1,2,.*cut: \d+ more characters\)$/);
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(EVENT_JSON_LIMIT);
  });

  it("replaces a state event's oversized detail with a note", () => {
    const out = boundEvent({ kind: "state", t: 1, subject: "n1", state: "up", detail: { values: Array.from({ length: 50_000 }, () => 7) } });
    expect(out).toMatchObject({ kind: "state", subject: "n1", state: "up", detail: { cut: expect.stringMatching(/limit/) } });
  });
});

describe("boundGrade", () => {
  it("cuts diagnosis and hint to a few KB and bounds the evidence", () => {
    const grade: Grade = { verdict: "fail", diagnosis: `Your allow() returned ${MEGABYTE}`, hint: MEGABYTE, details: { returned: MEGABYTE, many: Array(100_000).fill(1) } };
    const out = boundGrade(grade);
    expect(out.diagnosis.length).toBeLessThan(GRADE_TEXT_LIMIT + 100);
    expect(out.diagnosis).toMatch(/^Your allow\(\) returned x+… \(cut: \d+ more characters\)$/);
    expect(out.hint!.length).toBeLessThan(GRADE_TEXT_LIMIT + 100);
    expect(JSON.stringify(out.details).length).toBeLessThanOrEqual(GRADE_JSON_LIMIT);
    expect(out.verdict).toBe("fail");
  });
});

describe("at the doors: what is stored", () => {
  it("a run's diagnosis quoting a megabyte is stored as a few KB", async () => {
    const run = await addRun(db, users[0]!.id, "token-bucket", "implement", "failed");
    await db.labRun.update({ where: { id: run.id }, data: { status: "running" } });
    expect(await finishRun(db, run.id, { verdict: "fail", diagnosis: `allow() threw ${MEGABYTE}`, details: { thrown: MEGABYTE } })).toBe(true);
    const stored = await db.labRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored.status).toBe("failed");
    expect(stored.diagnosis!.length).toBeLessThan(GRADE_TEXT_LIMIT + 100);
    expect(stored.diagnosis).toMatch(/cut: \d+ more characters/);
    expect(JSON.stringify(stored.details).length).toBeLessThanOrEqual(GRADE_JSON_LIMIT);
  });

  it("an event quoting a megabyte is stored and streamed as a few KB, in its place", async () => {
    const run = await addRun(db, users[0]!.id, "token-bucket", "implement", "failed");
    const recorder = new EventRecorder(db, redis, prefix, run.id);
    recorder.record({ kind: "op", t: 1, op: { process: 0, type: "invoke", f: "allow", value: "u1" } });
    recorder.record({ kind: "op", t: 2, op: { process: 0, type: "ok", f: "allow", value: MEGABYTE } });
    await recorder.close();
    const rows = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(JSON.stringify(rows[1]!.data).length).toBeLessThanOrEqual(EVENT_JSON_LIMIT);
    expect((rows[1]!.data as { op: { value: string } }).op.value).toMatch(/cut: \d+ more characters/);
    const streamed = await redis.xrange(eventStreamKey(prefix, run.id), "-", "+");
    const second = streamed.find(([id]) => id === "0-2")!;
    expect(second[1][0]).toBe(EVENT_FIELD);
    expect(second[1][1]!.length).toBeLessThanOrEqual(EVENT_JSON_LIMIT);
  });
});
