/**
 * The message-faults toxic on a real proxy: whole JSON-line messages are dropped or
 * duplicated (seeded, so a run replays), never torn, and the connection stays up.
 */
import { once } from "node:events";
import { createServer, connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createProxy, messageFaults, type TcpProxy } from "@/lib/faults";

let proxy: TcpProxy | undefined;
const servers: ReturnType<typeof createServer>[] = [];

afterEach(async () => {
  await proxy?.close();
  for (const s of servers.splice(0)) s.close();
});

/** Sends `count` numbered lines through a proxy with the toxic, in awkward chunks; returns what arrived. */
async function through(settings: Parameters<typeof messageFaults>[0], count: number): Promise<string[]> {
  let received = "";
  const server = createServer((socket) => socket.on("data", (d) => (received += d)));
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  proxy = await createProxy({ upstream: { port: (server.address() as AddressInfo).port } });
  proxy.add(messageFaults(settings));
  const client = connect({ port: proxy.port, host: "127.0.0.1" });
  await once(client, "connect");
  const text = Array.from({ length: count }, (_, i) => `${JSON.stringify({ n: i })}\n`).join("");
  // Split mid-line on purpose: the toxic must reassemble lines before deciding their fate.
  for (let i = 0; i < text.length; i += 7) client.write(text.slice(i, i + 7));
  await new Promise((r) => setTimeout(r, 300));
  client.destroy();
  return received.split("\n").filter(Boolean);
}

describe("messageFaults", () => {
  it("drops about the given share of whole messages, never a part of one", async () => {
    const lines = await through({ drop: 0.3, seed: 5 }, 200);
    expect(lines.every((l) => /^\{"n":\d+\}$/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(110);
    expect(lines.length).toBeLessThan(170);
    const order = lines.map((l) => (JSON.parse(l) as { n: number }).n);
    expect(order).toEqual([...order].sort((a, b) => a - b)); // dropped, not reordered
  });

  it("duplicates messages, each copy whole, and the same seed gives the same fates", async () => {
    const first = await through({ duplicate: 0.5, seed: 9 }, 100);
    await proxy!.close();
    const second = await through({ duplicate: 0.5, seed: 9 }, 100);
    expect(first.length).toBeGreaterThan(120);
    expect(new Set(first).size).toBe(100);
    expect(second).toEqual(first);
  });

  it("refuses a probability outside 0..1", () => {
    expect(() => messageFaults({ drop: 1.5 })).toThrow(/probability between 0 and 1/);
  });
});

describe("messageFaults: reorder", () => {
  it("swaps a held message with the next one, loses none, and delivers a last held one when removed", async () => {
    const lines = await through({ reorder: 0.3, seed: 3 }, 100);
    proxy!.removeAll();
    const order = lines.map((l) => (JSON.parse(l) as { n: number }).n);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    // Every message arrives once (a message held at the very end is flushed when the toxic goes).
    expect(new Set(order).size).toBeGreaterThanOrEqual(99);
    // Only neighbours swap: no message is more than one place from where it was sent.
    order.forEach((n, i) => expect(Math.abs(n - i)).toBeLessThanOrEqual(1));
  });
});

describe("the messages fault kind", () => {
  it("is schedulable on a link, with its probabilities checked", async () => {
    const { parseFaultSchedule } = await import("@/lib/faults/schedule");
    const bounds = { windowMs: 1_000, targets: ["n1→n2"], allowedFaults: ["messages" as const], maxEntries: 2 };
    expect(parseFaultSchedule([{ at: 0, fault: "messages", target: "n1→n2", params: { drop: 0.2, reorder: 0.1 } }], bounds).ok).toBe(true);
    const bad = parseFaultSchedule([{ at: 0, fault: "messages", target: "n1→n2", params: {} }], bounds);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join(" ")).toMatch(/drop, duplicate or reorder/);
  });
});
