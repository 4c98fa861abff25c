/** Bad configuration stops `npm start` with one line that names the problem and the fix. */
import { spawn } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], { env: { ...process.env, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<string> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return String(port);
}

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe("npm start with bad configuration", () => {
  it("names an unreachable DATABASE_URL and how to fix it", async () => {
    const result = await start({ DATABASE_URL: "postgresql://nobody:secret@127.0.0.1:1/faultline", PORT: await freePort() });
    expectOneLineError(result, /Cannot connect to Postgres at DATABASE_URL=postgresql:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/faultline: check/);
    // The password never reaches the terminal.
    expect(result.stderr).not.toContain("secret");
  });

  it("names an unreachable REDIS_URL", async () => {
    const result = await start({ REDIS_URL: "redis://127.0.0.1:1", PORT: await freePort() });
    expectOneLineError(result, /Cannot reach Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:1: start that Redis or unset REDIS_URL/);
  });

  it("names a port that is in use and suggests another", async () => {
    const server = net.createServer().listen(0);
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = await start({ PORT: String(port) });
      expectOneLineError(result, new RegExp(`Port ${port} is already in use: .* PORT=${port + 1} npm start`));
    } finally {
      server.close();
    }
  });

  it("rejects a PORT that is not a number", async () => {
    const result = await start({ PORT: "http" });
    expectOneLineError(result, /PORT=http is not a port number/);
  });
});
