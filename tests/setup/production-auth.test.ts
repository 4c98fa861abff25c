/**
 * Production never runs on the published fallback secret or with cookies that are not Secure:
 * `npm start` stops with one line, and the server itself refuses to build its auth.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { authSettings, DEVELOPMENT_SECRET, productionAuthProblem } from "@/lib/auth/settings";
import { freePort } from "@/scripts/setup/ports";

const SECRET = "0123456789abcdef0123456789abcdef-test";

function start(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], { env: merged, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Before the fix it went on to set up and serve: stop it and let the assertions say so.
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("auth settings", () => {
  it("production needs a real secret and an https URL (http only on loopback)", () => {
    expect(productionAuthProblem({ BETTER_AUTH_URL: "https://faultline.example" })).toMatch(/BETTER_AUTH_SECRET is not set/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: DEVELOPMENT_SECRET, BETTER_AUTH_URL: "https://faultline.example" })).toMatch(/too weak/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: "short", BETTER_AUTH_URL: "https://faultline.example" })).toMatch(/too weak/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET })).toMatch(/BETTER_AUTH_URL is not set/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://faultline.example" })).toMatch(/is not https/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://localhost.evil.example" })).toMatch(/is not https/);
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "https://faultline.example" })).toBeNull();
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://127.0.0.1:3000" })).toBeNull();
    expect(productionAuthProblem({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://localhost:3000" })).toBeNull();
  });

  it("the server never falls back to the development secret in production", () => {
    expect(() => authSettings({ NODE_ENV: "production" }, 3000)).toThrow(/BETTER_AUTH_SECRET is not set/);
    expect(authSettings({ NODE_ENV: "development" }, 3000)).toEqual({ secret: DEVELOPMENT_SECRET, baseURL: "http://localhost:3000" });
  });

  for (const [label, env, pattern] of [
    ["without BETTER_AUTH_SECRET", { BETTER_AUTH_SECRET: undefined, BETTER_AUTH_URL: "https://faultline.example" }, /Refusing to start in production: BETTER_AUTH_SECRET is not set/],
    ["with a plain-http public URL", { BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: "http://faultline.example" }, /Refusing to start in production: BETTER_AUTH_URL=http:\/\/faultline\.example is not https/],
  ] as const) {
    it(`npm start in production ${label} stops with one line`, async () => {
      const result = await start({ ...env, NODE_ENV: "production", PORT: String(await freePort()) });
      expect(result.code, result.stderr).not.toBe(0);
      const lines = result.stderr.trim().split("\n");
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    }, 150_000);
  }
});
