/** Real processes and sockets for the HTTP service kit's tests: a tmp dir, the run clock, captured events. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";

export interface TestRun {
  tmpDir: string;
  events: LabEvent[];
  now(): number;
  emit(event: LabEvent): void;
  cleanup(): void;
}

export function testRun(): TestRun {
  const tmpDir = mkdtempSync(join(tmpdir(), "faultline-http-"));
  const started = performance.now();
  const events: LabEvent[] = [];
  return {
    tmpDir,
    events,
    now: () => Math.round(performance.now() - started),
    emit: (e) => events.push(e),
    cleanup: () => rmSync(tmpDir, { recursive: true, force: true }),
  };
}

/** Live processes with `dir` on their command line (the service's config file is under it). */
export function processesUsing(dir: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir) && isAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn` on 0 … n-1 with at most `width` in flight. */
export async function inParallel<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}
