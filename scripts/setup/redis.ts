/** Finds a Redis the same way as Postgres: REDIS_URL, the default port, a private server, apt. */
import { existsSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Redis } from "ioredis";
import { aptInstall, canApt } from "./apt";
import { onShutdown, spawnGroup, killGroup, exited } from "./children";
import { freePort, waitFor } from "./ports";
import { SetupError } from "./stage";

export interface FoundRedis {
  url: string;
  how: string;
}

export async function canPing(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function redisServerBinary(): string | undefined {
  for (const candidate of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) if (existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export async function findRedis(root: string): Promise<FoundRedis> {
  const configured = process.env.REDIS_URL;
  if (configured) {
    if (await canPing(configured)) return { url: configured, how: "REDIS_URL" };
    throw new SetupError(`Cannot reach Redis at REDIS_URL=${configured}: start that Redis or unset REDIS_URL to let Faultline find or start one.`);
  }
  if (process.env.FAULTLINE_PRIVATE_SERVICES !== "1" && (await canPing("redis://127.0.0.1:6379"))) {
    return { url: "redis://127.0.0.1:6379", how: "local server on port 6379" };
  }
  let bin = redisServerBinary();
  if (!bin && canApt() && aptInstall(["redis-server"])) bin = redisServerBinary();
  if (!bin) {
    throw new SetupError("No Redis found: install Redis 7 (Debian: apt-get install redis-server) or set REDIS_URL=redis://host:6379.");
  }
  const dir = path.join(root, ".data", "redis");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawnGroup(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  onShutdown(async () => {
    killGroup(child, "SIGTERM");
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 5_000))]);
    killGroup(child, "SIGKILL");
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => canPing(url), 15_000, "The private Redis");
  return { url, how: `private server on port ${port}` };
}
