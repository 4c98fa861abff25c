/**
 * The real `npm start`: serves the site and health with a live worker, stops everything it
 * started on Ctrl-C, and a second start with nothing changed is up in under 15 s.
 */
import { describe, expect, it } from "vitest";
import { freePort } from "@/scripts/setup/ports";
import { descendants, interrupt, startSite, survivors } from "../support/start-process";
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from "../support/services";

async function runOnce(port: number, prefix: string, nodeEnv?: string) {
  // Production needs a secret and a URL; the test database is a demo site (its demo accounts stay).
  const production = nodeEnv === "production" ? { BETTER_AUTH_SECRET: "start-lifecycle-test-secret-0123456789abcdef", BETTER_AUTH_URL: `http://127.0.0.1:${port}`, FAULTLINE_DEMO: "1" } : {};
  const site = await startSite({ NODE_ENV: nodeEnv, PORT: String(port), DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, FAULTLINE_REDIS_PREFIX: prefix, FAULTLINE_WORKERS: "1", ...production });
  const health = await fetch(`http://127.0.0.1:${port}/api/health`);
  const body = (await health.json()) as { status: string; workers: { ids: string[] } };
  const home = await fetch(`http://127.0.0.1:${port}/`);
  const html = await home.text();
  // A newcomer signs in with the printed demo account (the server once refused its own
  // development secret outside production: every sign-in was a 500).
  const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ email: "student@faultline.local", password: "faultline-student" }),
  });
  const signInStatus = signIn.status;
  const tree = descendants(site.child.pid!);
  const code = await interrupt(site);
  await new Promise((r) => setTimeout(r, 500));
  return { site, health: health.status, body, homeStatus: home.status, html, tree, code, signInStatus };
}

describe("npm start", () => {
  it("serves the site, then Ctrl-C leaves no process behind; a second start is quick", async () => {
    const port = await freePort();
    const prefix = uniquePrefix("start");
    const first = await runOnce(port, prefix);
    expect(first.health, first.site.output()).toBe(200);
    expect(first.body.status).toBe("ok");
    expect(first.body.workers.ids).toHaveLength(1);
    expect(first.homeStatus).toBe(200);
    expect(first.html).toContain("Faultline");
    expect(first.signInStatus, first.site.output()).toBe(200);
    expect(first.tree.length).toBeGreaterThanOrEqual(2);
    // Outside production the demo accounts are printed so a newcomer can sign in.
    expect(first.site.output()).toContain("instructor@faultline.local / faultline-instructor");
    expect(await survivors(first.tree), "processes left running after Ctrl-C").toEqual([]);
    expect(await fetch(`http://127.0.0.1:${port}/`).then(() => "open", () => "closed")).toBe("closed");

    const second = await runOnce(port, prefix, "production");
    expect(second.health).toBe(200);
    expect(second.signInStatus, second.site.output()).toBe(200);
    expect(second.site.output()).not.toContain("faultline-instructor");
    expect(second.site.readyAfterMs, second.site.output()).toBeLessThan(15_000);
    expect(await survivors(second.tree)).toEqual([]);
  }, 600_000);
});
