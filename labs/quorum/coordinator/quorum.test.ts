/** The coordinator against real replica processes behind real fault proxies. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { partition } from "@/lib/faults";
import { crash } from "@/lib/faults/crash";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { Cluster } from "../cluster";
import { Coordinator } from "./quorum";
import { ReplicaLink } from "./replica-link";

const started: { cluster: Cluster; dir: string }[] = [];
afterEach(async () => {
  for (const { cluster, dir } of started.splice(0)) {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function cluster(events: LabEvent[] = []): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "quorum-coord-"));
  const c = await Cluster.start({ n: 5, tmpDir: dir, seed: 1, now: () => performance.now(), emit: (e) => events.push(e) });
  started.push({ cluster: c, dir });
  return c;
}

const coordinator = (c: Cluster, w: number, r: number) => new Coordinator(c.links(), { n: 5, w, r, replicaTimeoutMs: 750, opTimeoutMs: 4_000 });

describe("quorum coordinator", () => {
  it("rejects W or R outside 1..N", () => {
    // Links connect lazily, so these never touch the network.
    const links = Array.from({ length: 5 }, (_, i) => new ReplicaLink(`n${i + 1}`, 1));
    expect(() => new Coordinator(links, { n: 5, w: 0, r: 3, replicaTimeoutMs: 1, opTimeoutMs: 1 })).toThrow(/W=0 must be an integer from 1 to N=5/);
    expect(() => new Coordinator(links, { n: 5, w: 3, r: 6, replicaTimeoutMs: 1, opTimeoutMs: 1 })).toThrow(/R=6/);
    expect(() => new Coordinator(links.slice(1), { n: 5, w: 3, r: 3, replicaTimeoutMs: 1, opTimeoutMs: 1 })).toThrow(/4 replica links for N=5/);
  });

  it("reads back a write from another client, past a crashed and a partitioned replica", async () => {
    const c = await cluster();
    const co = coordinator(c, 3, 3);
    expect(await co.put("c0", 0, "x", "v1")).toMatchObject({ ok: true });
    await crash(c.node("n1").slot.handle);
    c.node("n2").proxy.add(partition({ direction: "both" }));
    // c0's preference list starts n1 (refuses), n2 (silent), so the read must move on.
    expect(await co.put("c0", 0, "x", "v2")).toMatchObject({ ok: true });
    expect(await co.get("c0", 0, "x")).toMatchObject({ ok: true, value: "v2" });
    // Both are now suspected: the next read does not wait for n2's timeout again.
    const t = performance.now();
    expect(await co.get("c0", 0, "x")).toMatchObject({ ok: true, value: "v2" });
    expect(performance.now() - t).toBeLessThan(750);
  });

  it("writes the newest value back to a replica that missed it (read repair)", async () => {
    const c = await cluster();
    const co = coordinator(c, 3, 3);
    const n1 = c.node("n1");
    n1.proxy.add(partition({ direction: "both" }), { name: "cut" });
    expect(await co.put("c1", 1, "x", "fresh")).toMatchObject({ ok: true });
    n1.proxy.remove("cut");
    await c.waitAllAnswer(5_000, new AbortController().signal);
    expect(await n1.link.request({ op: "get", key: "x" }, 1_000)).toMatchObject({ value: null });
    // c0 asks n1, n2, n3: only two of three have the value, so the get writes it back.
    expect(await co.get("c0", 0, "x")).toMatchObject({ ok: true, value: "fresh" });
    expect(await n1.link.request({ op: "get", key: "x" }, 1_000)).toMatchObject({ value: "fresh" });
  });

  it("fails a put it cannot get W acks for, and a get it cannot get R replies for", async () => {
    const c = await cluster();
    await crash(c.node("n5").slot.handle);
    const put = await coordinator(c, 5, 1).put("c0", 0, "x", "v");
    expect(put).toMatchObject({ ok: false, error: expect.stringContaining("write quorum W=5") });
    const get = await coordinator(c, 1, 5).get("c0", 0, "x");
    expect(get).toMatchObject({ ok: false, error: expect.stringContaining("read quorum R=5") });
  });

  it("a restarted replica keeps what it had acknowledged, and stop() kills every process", async () => {
    const events: LabEvent[] = [];
    const c = await cluster(events);
    const co = coordinator(c, 5, 5);
    expect(await co.put("c0", 0, "x", "kept")).toMatchObject({ ok: true });
    await crash(c.node("n3").slot.handle);
    await c.heal();
    expect(await c.node("n3").link.request({ op: "get", key: "x" }, 2_000)).toMatchObject({ value: "kept" });
    const pids = events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));
    expect(pids.length).toBe(6); // five starts and one restart
    expect(events.some((e) => e.kind === "state" && e.subject === "n3" && e.state === "down")).toBe(true);
    await c.stop();
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
  });
});
