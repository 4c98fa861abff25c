/**
 * A machine with no Postgres or Redis on the default ports: `npm start` starts private ones
 * from the machine's binaries under .data/, serves, and stops them again on Ctrl-C.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freePort, portAnswers } from "@/scripts/setup/ports";
import { descendants, interrupt, startSite, survivors } from "../support/start-process";

describe("npm start without reachable services", () => {
  it("starts private Postgres and Redis and stops them on Ctrl-C", async () => {
    const port = await freePort();
    const site = await startSite({ PORT: String(port), DATABASE_URL: undefined, REDIS_URL: undefined, FAULTLINE_PRIVATE_SERVICES: "1", FAULTLINE_WORKERS: "1" });
    const out = site.output();
    expect(out).toMatch(/› postgres — private server in .* on port \d+/);
    expect(out).toMatch(/› redis — private server on port \d+/);
    const pgPort = Number(readFileSync(".data/postgres.port", "utf8"));
    const redisPort = Number(/› redis — private server on port (\d+)/.exec(out)![1]);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status, out).toBe(200);
    const tree = descendants(site.child.pid!);
    await interrupt(site, 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await survivors(tree), "processes left running").toEqual([]);
    expect(await portAnswers(pgPort)).toBe(false);
    expect(await portAnswers(redisPort)).toBe(false);
  }, 600_000);
});
