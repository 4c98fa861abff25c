import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { createDropResponseProxy, type DropResponseProxy } from "@/lib/faults";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A tiny payment service: every POST commits a charge before answering. */
async function startPayments() {
  const charges: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      if (req.method === "POST") charges.push(body);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ charged: body }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanup.push(() => new Promise((r) => server.close(r)));
  const address = server.address();
  return { charges, port: typeof address === "object" && address ? address.port : 0 };
}

async function proxyFor(port: number, options: Partial<Parameters<typeof createDropResponseProxy>[0]> = {}): Promise<DropResponseProxy> {
  const proxy = await createDropResponseProxy({ upstream: { port }, ...options });
  cleanup.push(() => proxy.close());
  return proxy;
}

async function post(port: number, body: string): Promise<"ok" | "dropped"> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/charge`, { method: "POST", body, headers: { connection: "close" } });
    await res.text();
    return "ok";
  } catch {
    return "dropped";
  }
}

describe("drop-response", () => {
  it("passes responses through at probability 0", async () => {
    const pay = await startPayments();
    const proxy = await proxyFor(pay.port);
    const res = await fetch(`http://127.0.0.1:${proxy.port}/charge`, { method: "POST", body: "c1" });
    expect(await res.json()).toEqual({ charged: "c1" });
    expect(proxy.stats()).toEqual({ forwarded: 1, dropped: 0 });
  });

  it("at probability 1 the server commits but the client gets no response", async () => {
    const pay = await startPayments();
    const proxy = await proxyFor(pay.port, { probability: 1 });
    expect(await post(proxy.port, "c1")).toBe("dropped");
    expect(pay.charges).toEqual(["c1"]);
    expect(proxy.stats()).toEqual({ forwarded: 1, dropped: 1 });
    proxy.setProbability(0);
    expect(await post(proxy.port, "c2")).toBe("ok");
  });

  it("drops the same requests for the same seed", async () => {
    const pay = await startPayments();
    const pattern = async (seed: number) => {
      const proxy = await proxyFor(pay.port, { probability: 0.5, seed });
      const out: string[] = [];
      for (let i = 0; i < 16; i++) out.push(await post(proxy.port, `s${seed}-${i}`));
      return out.join(",");
    };
    const a = await pattern(42);
    const b = await pattern(42);
    expect(a).toBe(b);
    expect(a).toContain("dropped");
    expect(a).toContain("ok");
  });

  it("drops only matching requests", async () => {
    const pay = await startPayments();
    const proxy = await proxyFor(pay.port, { probability: 1, match: (req) => req.method === "POST" });
    const res = await fetch(`http://127.0.0.1:${proxy.port}/status`);
    expect(res.status).toBe(200);
    expect(await post(proxy.port, "c1")).toBe("dropped");
  });

  it("rejects a bad probability with a clear error", async () => {
    const pay = await startPayments();
    await expect(createDropResponseProxy({ upstream: { port: pay.port }, probability: 1.5 })).rejects.toThrow(/probability must be a number from 0 to 1/);
  });
});
