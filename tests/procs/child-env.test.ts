/**
 * A lab's processes and a run's child get only the environment they need: never the
 * database URL or the auth secret of the worker that started them.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { childEnv, killGroup, spawnGroup, type ProcHandle } from "@/lib/procs";
import { forkRunChild } from "@/lib/runs/child-pool";

const SECRETS = {
  DATABASE_URL: "postgresql://faultline:hunter2@db:5432/faultline",
  TEST_DATABASE_URL: "postgresql://faultline:hunter2@db:5432/faultline_test",
  BETTER_AUTH_SECRET: "the-auth-secret-0123456789abcdef0123456789",
  BETTER_AUTH_URL: "https://faultline.example",
  PGPASSWORD: "hunter2",
};

const saved: Record<string, string | undefined> = {};
function withSecretsInEnv(): void {
  for (const [k, v] of Object.entries(SECRETS)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
}
const started: ProcHandle[] = [];
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const h of started.splice(0)) await h.stop({ graceMs: 0 });
});

describe("child environments", () => {
  it("childEnv keeps what a process needs and drops credentials", () => {
    const env = childEnv({ ...SECRETS, PATH: "/usr/bin", LANG: "C.UTF-8", FAULTLINE_REDIS_PREFIX: "p", FAULTLINE_DB_PASSWORD: "x", REDIS_URL: "redis://:pw@r:6379", AWS_SECRET_ACCESS_KEY: "k", RANDOM: "1" }, { PORT: "1234", LANG: undefined });
    expect(env).toEqual({ PATH: "/usr/bin", FAULTLINE_REDIS_PREFIX: "p", PORT: "1234" });
  });

  it("a lab process (spawnGroup) does not see DATABASE_URL or the auth secret", async () => {
    withSecretsInEnv();
    const h = await spawnGroup(process.execPath, ["-e", "console.log(JSON.stringify(process.env))"], { env: { PORT: "4242" }, name: "env-dump" });
    started.push(h);
    const seen = JSON.parse(await h.waitForLine(/^\{/, 10_000)) as Record<string, string>;
    for (const name of Object.keys(SECRETS)) expect(seen, name).not.toHaveProperty(name);
    expect(seen.PORT).toBe("4242");
    expect(seen.PATH).toBe(process.env.PATH);
  });

  it("a run child does not see them either", async () => {
    withSecretsInEnv();
    const { child } = forkRunChild();
    try {
      const environ = readFileSync(`/proc/${child.pid}/environ`, "utf8").split("\0");
      const names = environ.map((kv) => kv.slice(0, kv.indexOf("=")));
      for (const name of Object.keys(SECRETS)) expect(names, name).not.toContain(name);
      expect(names).toContain("PATH");
    } finally {
      killGroup(child.pid!, "SIGKILL");
    }
  });
});
