/**
 * A Redis of the fault suite's own (no persistence, as most deployments run it), so the
 * suite can restart it mid-run — losing every key — on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { canPing, redisServerBinary } from "@/scripts/setup/redis";
import { freePort, waitFor } from "@/scripts/setup/ports";

export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly bin: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivateRedis> {
    const bin = redisServerBinary();
    if (!bin) throw new Error("The fault suite needs redis-server (Debian: apt-get install redis-server).");
    const redis = new PrivateRedis(bin, await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", "/tmp"];
    this.child = spawn(this.bin, args, { stdio: "ignore", detached: true });
    await waitFor(() => canPing(this.url), 15_000, "The fault suite's Redis");
  }

  /** Kills the server (no chance to save anything); resolves once it has exited. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
}
