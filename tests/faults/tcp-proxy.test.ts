import { afterEach, describe, expect, it } from "vitest";
import { connect, createServer } from "node:net";
import { once } from "node:events";
import { createProxy, type TcpProxy } from "@/lib/faults/tcp-proxy";
import { latency } from "@/lib/faults/toxics/latency";
import { partition } from "@/lib/faults/toxics/partition";
import { blackhole } from "@/lib/faults/toxics/blackhole";
import { resetPeer } from "@/lib/faults/toxics/reset-peer";
import { slowClose } from "@/lib/faults/toxics/slow-close";
import { lie, rewriteJsonLines } from "@/lib/faults/toxics/lie";
import { freePort } from "@/lib/procs";
import { connectLines, eventually, sleep, startEchoServer, type EchoServer, type LineClient } from "./helpers";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(): Promise<{ echo: EchoServer; proxy: TcpProxy; client: () => Promise<LineClient> }> {
  const echo = await startEchoServer();
  cleanup.push(() => echo.close());
  const proxy = await createProxy({ upstream: { port: echo.port }, name: "n1" });
  cleanup.push(() => proxy.close());
  const client = async () => {
    const c = await connectLines(proxy.port);
    cleanup.push(() => c.destroy());
    return c;
  };
  return { echo, proxy, client };
}

describe("tcp proxy without toxics", () => {
  it("forwards bytes both ways and ends cleanly", async () => {
    const { proxy, client, echo } = await setup();
    const c = await client();
    c.send("hello");
    expect(await c.next(5_000)).toBe("echo:hello");
    c.send("end");
    expect(await c.next(5_000)).toBe("echo:end");
    expect(await c.closed(5_000)).toBe("end");
    expect(echo.received).toEqual(["hello", "end"]);
    expect(await eventually(() => proxy.connectionCount() === 0)).toBe(true);
  });

  it("carries a large payload intact (backpressure)", async () => {
    const { client } = await setup();
    const c = await client();
    const big = "x".repeat(2_000_000);
    c.send(big);
    expect(await c.next(20_000)).toBe(`echo:${big}`);
  });

  it("after its upstream moves, resetConnections sends the next connection to the new one", async () => {
    const { proxy, client, echo } = await setup();
    const first = await client();
    first.send("old");
    expect(await first.next(5_000)).toBe("echo:old");
    const moved = await startEchoServer();
    cleanup.push(() => moved.close());
    proxy.upstream = { host: "127.0.0.1", port: moved.port };
    proxy.resetConnections();
    expect(await first.closed(5_000)).toBe("reset");
    const second = await client();
    second.send("new");
    expect(await second.next(5_000)).toBe("echo:new");
    expect(moved.received).toEqual(["new"]);
    expect(echo.received).toEqual(["old"]);
  });

  it("resets the client when the upstream is down", async () => {
    const port = await freePort();
    const proxy = await createProxy({ upstream: { port } });
    cleanup.push(() => proxy.close());
    const c = await connectLines(proxy.port);
    cleanup.push(() => c.destroy());
    expect(await c.closed(5_000)).toBe("reset");
  });

  it("rejects bad options and duplicate toxic names with clear errors", async () => {
    await expect(createProxy({ upstream: { port: 0 } })).rejects.toThrow(/upstream.port must be/);
    const { proxy } = await setup();
    proxy.add(latency({ latencyMs: 1 }));
    expect(() => proxy.add(latency({ latencyMs: 1 }))).toThrow(/already active/);
    expect(() => proxy.add(latency({ latencyMs: 1 }), { name: "l2", toxicity: 2 })).toThrow(/toxicity/);
    expect(() => latency({ latencyMs: -1 })).toThrow(/latencyMs must be a finite number ≥ 0/);
    expect(() => partition({ direction: "sideways" as never })).toThrow(/direction must be/);
    expect(proxy.list().map((t) => t.name)).toEqual(["latency"]);
  });
});

describe("latency", () => {
  it("delays each round trip and releases held chunks when removed", async () => {
    const { proxy, client } = await setup();
    const c = await client();
    proxy.add(latency({ latencyMs: 150, jitterMs: 20, seed: 7 }));
    const t0 = performance.now();
    c.send("a");
    expect(await c.next(10_000)).toBe("echo:a");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2 * 130 - 5);

    proxy.remove("latency");
    proxy.add(latency({ latencyMs: 60_000 }), { name: "huge" });
    c.send("b");
    await sleep(100);
    const t1 = performance.now();
    proxy.remove("huge");
    expect(await c.next(10_000)).toBe("echo:b");
    expect(performance.now() - t1).toBeLessThan(5_000);
  });

  it("keeps byte order under jitter", async () => {
    const { proxy, client } = await setup();
    const c = await client();
    proxy.add(latency({ latencyMs: 20, jitterMs: 20, direction: "upstream", seed: 3 }));
    for (let i = 0; i < 30; i++) {
      c.send(`m${i}`);
      await sleep(2);
    }
    const got: Array<string | null> = [];
    for (let i = 0; i < 30; i++) got.push(await c.next(10_000));
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => `echo:m${i}`));
  });
});

describe("partition", () => {
  it("two-way: nothing passes, new connects are held, heal resets damaged connections", async () => {
    const { proxy, client, echo } = await setup();
    const c = await client();
    c.send("before");
    expect(await c.next(5_000)).toBe("echo:before");
    proxy.add(partition({ direction: "both" }));
    c.send("during");
    expect(await c.next(300)).toBeNull();
    const connsBefore = echo.connections;
    const late = await client();
    late.send("late");
    await sleep(200);
    expect(echo.connections).toBe(connsBefore); // the held connect never reached the node
    expect(echo.received).toEqual(["before"]);

    proxy.remove("partition");
    // The connection that lost "during" is reset, never resumed with a hole in its stream.
    expect(await c.closed(5_000)).toBe("reset");
    // The held connection lost its "late" bytes too: it is reset, not silently trimmed.
    expect(await late.closed(5_000)).toBe("reset");
    const fresh = await client();
    fresh.send("after");
    expect(await fresh.next(5_000)).toBe("echo:after");
    expect(echo.received).toEqual(["before", "after"]);
  });

  it("a held connection that sent nothing connects once healed", async () => {
    const { proxy, client } = await setup();
    proxy.add(partition());
    const c = await client();
    await sleep(100);
    proxy.remove("partition");
    c.send("hi");
    expect(await c.next(5_000)).toBe("echo:hi");
  });

  it("one-way upstream: requests never arrive", async () => {
    const { proxy, client, echo } = await setup();
    const c = await client();
    proxy.add(partition({ direction: "upstream" }));
    c.send("lost");
    expect(await c.next(300)).toBeNull();
    expect(echo.received).toEqual([]);
  });

  it("one-way downstream: the node acts but the reply is lost", async () => {
    const { proxy, client, echo } = await setup();
    const c = await client();
    proxy.add(partition({ direction: "downstream" }));
    c.send("committed");
    expect(await eventually(() => echo.received.includes("committed"))).toBe(true);
    expect(await c.next(300)).toBeNull();
  });
});

describe("blackhole", () => {
  it("accepts, forwards nothing, keeps the connection open", async () => {
    const { proxy, client, echo } = await setup();
    proxy.add(blackhole());
    const c = await client();
    c.send("void");
    expect(await c.next(300)).toBeNull();
    expect(await c.closed(200)).toBe("timeout");
    expect(echo.received).toEqual([]);
  });
});

describe("reset-peer", () => {
  it("resets open and new connections while active, not after", async () => {
    const { proxy, client } = await setup();
    const open = await client();
    proxy.add(resetPeer());
    expect(await open.closed(5_000)).toBe("reset");
    const during = await client();
    expect(await during.closed(5_000)).toBe("reset");
    proxy.remove("reset-peer");
    const after = await client();
    after.send("ok");
    expect(await after.next(5_000)).toBe("echo:ok");
  });
});

describe("slow-close", () => {
  it("holds the FIN after the data", async () => {
    const { proxy, client } = await setup();
    proxy.add(slowClose({ delayMs: 400, direction: "downstream" }));
    const c = await client();
    c.send("end");
    expect(await c.next(5_000)).toBe("echo:end");
    const t0 = performance.now();
    expect(await c.closed(10_000)).toBe("end");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
  });
});

describe("lie", () => {
  it("rewrites whole reply lines while active and flushes a held partial line on removal", async () => {
    // A raw echo upstream, so the test controls where lines break.
    const json = createServer((s) => {
      s.on("error", () => undefined);
      s.on("data", (d) => s.write(d)); // raw echo
    });
    json.listen(0, "127.0.0.1");
    await once(json, "listening");
    cleanup.push(() => new Promise((r) => json.close(r)));
    const address = json.address();
    const jproxy = await createProxy({ upstream: { port: typeof address === "object" && address ? address.port : 0 } });
    cleanup.push(() => jproxy.close());
    jproxy.add(lie({ rewrite: rewriteJsonLines((m) => ({ ...(m as object), value: 666 })) }));
    const socket = connect({ port: jproxy.port, host: "127.0.0.1" });
    cleanup.push(() => socket.destroy());
    await once(socket, "connect");
    let got = "";
    socket.on("data", (d: Buffer) => (got += d.toString()));
    socket.write('{"value":1}\n{"val');
    expect(await eventually(() => got.includes("\n"))).toBe(true);
    expect(got).toBe('{"value":666}\n');
    await sleep(100);
    jproxy.remove("lie");
    expect(await eventually(() => got.endsWith('{"val'))).toBe(true);
    socket.write('ue":2}\n');
    expect(await eventually(() => got.endsWith('{"value":2}\n'))).toBe(true);
    expect(got).toBe('{"value":666}\n{"value":2}\n');
  });
});

describe("toxicity and close", () => {
  it("toxicity 0 never applies", async () => {
    const { proxy, client } = await setup();
    proxy.add(partition(), { toxicity: 0 });
    const c = await client();
    c.send("fine");
    expect(await c.next(5_000)).toBe("echo:fine");
  });

  it("close() returns promptly with active toxics and held connections", async () => {
    const { proxy, client } = await setup();
    const c = await client();
    proxy.add(latency({ latencyMs: 3_600_000 }));
    proxy.add(slowClose({ delayMs: 3_600_000 }));
    c.send("stuck");
    proxy.add(partition(), { name: "p" });
    await client();
    await sleep(50);
    const t0 = performance.now();
    await proxy.close();
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(proxy.connectionCount()).toBe(0);
    expect(await c.closed(5_000)).not.toBe("timeout");
  });
});
