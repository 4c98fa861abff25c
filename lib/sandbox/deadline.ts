/**
 * The deadline QuickJS's interrupt handler checks. It is set before every entry into the
 * runtime (evalCode, callFunction) and cleared after, so no student code — top level,
 * getters, toJSON, Proxy traps — runs without one.
 *
 * Limits are on CPU time, not wall time: on a loaded machine the OS may pause us mid-call,
 * and a correct function must not be blamed for that. A far larger wall limit still stops
 * a call if CPU accounting misbehaves.
 */
export const WALL_FACTOR = 20;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Outside `start`/`stop` the deadline has passed: JS entered by mistake stops at once. */
const EXPIRED = Number.NEGATIVE_INFINITY;

export class Deadline {
  private cpuEnd = EXPIRED;
  private wallEnd = EXPIRED;
  private startedCpu = 0;
  /** The interrupt fired: QuickJS threw its uncatchable "interrupted". */
  fired = false;

  /** For `runtime.setInterruptHandler`; QuickJS polls it while JS runs. */
  readonly shouldInterrupt = (): boolean => {
    if (cpuMs() > this.cpuEnd || performance.now() > this.wallEnd) this.fired = true;
    return this.fired;
  };

  start(limitMs: number): void {
    this.startedCpu = cpuMs();
    this.cpuEnd = this.startedCpu + limitMs;
    this.wallEnd = performance.now() + limitMs * WALL_FACTOR;
  }

  /** Clears the deadline and returns the CPU milliseconds used since `start`. */
  stop(): number {
    this.cpuEnd = EXPIRED;
    this.wallEnd = EXPIRED;
    return cpuMs() - this.startedCpu;
  }
}
