import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

/**
 * How busy the machine's CPUs were over an interval. Linux's pressure stall information
 * (/proc/pressure/cpu, "some") counts the microseconds in which at least one runnable task
 * waited for a CPU: exact over any interval, where the load average is a one-minute blur.
 * Hand-written because no maintained library reads PSI; without it we fall back to load
 * average per core.
 */
export interface CpuPressure {
  /** Share of the interval in which some task waited for a CPU (0–1), or null without PSI. */
  stalledShare: number | null;
  /** One-minute load average per core at the end of the interval. */
  loadPerCore: number;
}

function psiSomeTotalUs(): number | null {
  try {
    const some = readFileSync("/proc/pressure/cpu", "utf8").split("\n").find((l) => l.startsWith("some "));
    const total = some?.match(/total=(\d+)/)?.[1];
    return total === undefined ? null : Number(total);
  } catch {
    return null;
  }
}

/** Starts measuring now; the returned function gives the pressure since. */
export function measureCpuPressure(): () => CpuPressure {
  const startUs = psiSomeTotalUs();
  const startedAt = performance.now();
  return () => {
    const endUs = psiSomeTotalUs();
    const wallUs = (performance.now() - startedAt) * 1_000;
    const stalledShare =
      startUs === null || endUs === null || wallUs <= 0 ? null : Math.min(1, (endUs - startUs) / wallUs);
    return { stalledShare, loadPerCore: loadavg()[0]! / availableParallelism() };
  };
}

/** "tasks waited for a CPU 87% of the time" or "load 4.2 per core": for a diagnosis. */
export function describeCpuPressure(p: CpuPressure): string {
  return p.stalledShare === null
    ? `load ${p.loadPerCore.toFixed(1)} per core`
    : `tasks waited for a CPU ${Math.round(p.stalledShare * 100)}% of the time`;
}
