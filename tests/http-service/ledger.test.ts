/**
 * The flaky service in ledger mode, on real Postgres (a schema of its own in the labs
 * database): charges land in the ledger with their request id; a concurrent claim of the
 * same key waits for the first transaction, so two requests make one charge; a crash point
 * kills the process right after a claim and Postgres rolls the claim back; the schema is
 * dropped at the end.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { restart } from "@/lib/faults/restart";
import { HttpService, readFiredCrashes, readLedgerCharges, type HttpServiceHandle } from "@/lib/http-service";
import { defaultLabDatabaseUrl } from "@/lib/labs/lab-database";
import { connectLabDatabase, createLabSchema, type LabSchema } from "@/lib/labs/lab-schema";
import { processesUsing, sleep, testRun, type TestRun } from "./helpers";

const HANDLER = fileURLToPath(new URL("./fixtures/ledger-claim-handler.ts", import.meta.url));
const databaseUrl = defaultLabDatabaseUrl();

let run: TestRun | undefined;
let service: HttpServiceHandle | undefined;
let schema: LabSchema | undefined;

afterEach(async () => {
  await service?.stop();
  await schema?.drop();
  if (run) {
    for (let i = 0; i < 20 && processesUsing(run.tmpDir).length; i++) await sleep(100);
    expect(processesUsing(run.tmpDir)).toEqual([]);
    run.cleanup();
  }
  service = schema = run = undefined;
});

async function start(crashAfter: { requestPrefix: string; op: "claim" }[] = []) {
  run = testRun();
  schema = await createLabSchema(databaseUrl);
  service = await HttpService.start({ tmpDir: run.tmpDir, seed: 3, now: run.now, emit: run.emit, ledger: { databaseUrl, schema: schema.schema, handlerModule: HANDLER, handlerOptions: null, stepDelayMs: 30, crashAfter } });
  return service;
}

const charge = (s: HttpServiceHandle, key: string, requestId: string) =>
  fetch(`${s.url}/charges`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": requestId }, body: JSON.stringify({ account: "a", amountCents: 500, idempotencyKey: key }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } }));

describe("ledger mode (Postgres)", () => {
  it("a charge is a ledger row with its request id, and the log has the handler's db steps", async () => {
    const s = await start();
    const r = await charge(s, "k1", "r-1");
    expect(r.status).toBe(201);
    const rows = await readLedgerCharges(databaseUrl, schema!.schema);
    expect(rows).toEqual([expect.objectContaining({ id: r.body.id, account: "a", amountCents: 500, idempotencyKey: "k1", requestId: "r-1" })]);
    const entry = (await s.log()).find((e) => e.requestId === "r-1")!;
    expect(entry.db?.map((d) => d.op)).toEqual(["begin", "claim", "charge", "saveResponse", "commit"]);
    expect(entry.committed).toBeNull();
  });

  it("two requests with one key at once: the second claim waits for the first transaction, one charge, one answer", async () => {
    const s = await start();
    const [a, b] = await Promise.all([charge(s, "same", "r-a"), charge(s, "same", "r-b")]);
    expect(a.body.id).toBeTruthy();
    expect(b.body.id).toBe(a.body.id);
    expect(await readLedgerCharges(databaseUrl, schema!.schema)).toHaveLength(1);
  });

  it("a crash right after a claim kills the process; Postgres rolls the claim back, so a retry charges once", async () => {
    const s = await start([{ requestPrefix: "p7-", op: "claim" }]);
    const pid = s.pid;
    await expect(charge(s, "k7", "p7-a1")).rejects.toThrow();
    await s.slot.handle.exited;
    expect((await readFiredCrashes(s.logFile)).map((c) => [c.requestId, c.op, c.pid])).toEqual([["p7-a1", "claim", pid]]);
    const client = await connectLabDatabase(databaseUrl);
    try {
      const { rows } = await client.query(`SELECT key FROM "${schema!.schema}".idempotency_keys`);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
    // Restarted (the crash point fired once: it does not fire again), the retry charges once.
    s.slot.handle = await restart(s.slot.handle, s.slot.restart);
    expect((await charge(s, "k7", "p7-a2")).status).toBe(201);
    expect(await readLedgerCharges(databaseUrl, schema!.schema)).toHaveLength(1);
  });

  it("drops the run's schema at the end", async () => {
    await start();
    const name = schema!.schema;
    await service!.stop();
    await schema!.drop();
    const client = await connectLabDatabase(databaseUrl);
    try {
      const { rowCount } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name]);
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
