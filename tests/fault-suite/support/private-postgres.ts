/**
 * A Postgres of the fault suite's own, in a temporary data directory on a free port, so the
 * suite can stop it mid-run and start it again on the same port without touching the
 * Postgres every other test shares.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { canConnect, postgresBinDir, runAs } from "@/scripts/setup/postgres";
import { freePort, waitFor } from "@/scripts/setup/ports";

export class PrivatePostgres {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly bin: string,
    private readonly dataDir: string,
    private readonly user: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const bin = postgresBinDir();
    if (!bin) throw new Error("The fault suite needs the PostgreSQL server binaries (Debian: apt-get install postgresql).");
    const prefix = runAs();
    const dataDir = mkdtempSync(path.join(tmpdir(), "faultline-faults-pg-"));
    if (prefix.length) spawnSync("chown", ["-R", "postgres:postgres", dataDir]);
    chmodSync(dataDir, 0o700);
    const user = prefix.length ? "postgres" : (process.env.USER ?? "postgres");
    const [cmd, ...args] = [...prefix, path.join(bin, "initdb"), "-D", dataDir, "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"];
    const init = spawnSync(cmd!, args, { encoding: "utf8" });
    if (init.status !== 0) throw new Error(`initdb failed in ${dataDir}: ${init.stderr}`);
    const pg = new PrivatePostgres(bin, dataDir, user, await freePort());
    await pg.start();
    return pg;
  }

  url(database = "postgres"): string {
    return `postgresql://${this.user}@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server (again, on the same port) and waits until it takes connections. */
  async start(): Promise<void> {
    const [cmd, ...args] = [
      ...runAs(),
      path.join(this.bin, "postgres"),
      ...["-D", this.dataDir, "-p", String(this.port), "-k", this.dataDir],
      ...["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"],
    ];
    this.child = spawn(cmd!, args, { stdio: "ignore", detached: true });
    await waitFor(() => canConnect(this.url()), 30_000, "The fault suite's Postgres");
  }

  /** Fast shutdown (sessions are cut, as in a restart); resolves once the port is closed. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
