/**
 * Clock skew for nodes that read time through their own clock instead of Date.now():
 * in-process nodes hold a `SkewedClock`; a child process builds one from its environment
 * with `clockFromEnv()` (FAULTLINE_CLOCK_OFFSET_MS, FAULTLINE_CLOCK_DRIFT_PPM) and, when
 * FAULTLINE_CLOCK_FILE is set, follows changes the parent writes there at run time.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";

export const CLOCK_OFFSET_ENV = "FAULTLINE_CLOCK_OFFSET_MS";
export const CLOCK_DRIFT_ENV = "FAULTLINE_CLOCK_DRIFT_PPM";
export const CLOCK_FILE_ENV = "FAULTLINE_CLOCK_FILE";

/** Largest skew we accept: a day either way; more is a typo, not a lesson. */
const MAX_OFFSET_MS = 86_400_000;
/** ±100%: drift of 1e6 ppm runs the clock twice as fast (or stops it). */
const MAX_DRIFT_PPM = 1_000_000;

export interface Clock {
  /** Milliseconds since the epoch, as this node believes. */
  now(): number;
}

/** What a fault schedule changes on a node's clock. */
export interface ClockControl {
  set(offsetMs: number, driftPpm?: number): void;
  reset(): void;
}

export interface SkewedClock extends Clock, ClockControl {
  readonly offsetMs: number;
  readonly driftPpm: number;
}

export function checkSkew(
  offsetMs: unknown,
  driftPpm: unknown,
  where: string,
): { offsetMs: number; driftPpm: number } {
  if (
    typeof offsetMs !== "number" ||
    !Number.isFinite(offsetMs) ||
    Math.abs(offsetMs) > MAX_OFFSET_MS
  ) {
    throw new Error(
      `${where}: clock offset must be a number of ms between -${MAX_OFFSET_MS} and ${MAX_OFFSET_MS}, got ${JSON.stringify(offsetMs)}`,
    );
  }
  if (
    typeof driftPpm !== "number" ||
    !Number.isFinite(driftPpm) ||
    Math.abs(driftPpm) > MAX_DRIFT_PPM
  ) {
    throw new Error(
      `${where}: clock drift must be a number of ppm between -${MAX_DRIFT_PPM} and ${MAX_DRIFT_PPM}, got ${JSON.stringify(driftPpm)}`,
    );
  }
  return { offsetMs, driftPpm };
}

/**
 * A clock `offsetMs` ahead (negative: behind) of `base`, running `driftPpm` parts per
 * million fast (negative: slow) since it was created or last set. Changing the drift keeps
 * the time already gained, so the clock never jumps except when the offset is changed.
 */
export function createSkewedClock(
  offsetMs = 0,
  driftPpm = 0,
  base: () => number = Date.now,
): SkewedClock {
  let skew = checkSkew(offsetMs, driftPpm, "createSkewedClock");
  let anchor = base();
  return {
    now() {
      const real = base();
      return real + skew.offsetMs + ((real - anchor) * skew.driftPpm) / 1e6;
    },
    get offsetMs() {
      return skew.offsetMs;
    },
    get driftPpm() {
      return skew.driftPpm;
    },
    set(nextOffset, nextDrift = 0) {
      skew = checkSkew(nextOffset, nextDrift, "clock.set");
      anchor = base();
    },
    reset() {
      skew = { offsetMs: 0, driftPpm: 0 };
      anchor = base();
    },
  };
}

function parseEnvNumber(env: Readonly<Record<string, string | undefined>>, name: string): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return 0;
  const value = Number(raw);
  if (!Number.isFinite(value))
    throw new Error(`${name} must be a number (ms or ppm), got ${JSON.stringify(raw)}`);
  return value;
}

interface ClockFileBody {
  offsetMs: number;
  driftPpm: number;
  /** Wall time (Date.now) the drift counts from. */
  anchorMs: number;
}

/**
 * The clock a child node should use. Reads the offset and drift from the environment;
 * with FAULTLINE_CLOCK_FILE it re-reads that file when it changes (checked at most every
 * `pollMs`), so a parent can skew a running process without restarting it.
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>> = process.env, pollMs = 20): Clock {
  const file = env[CLOCK_FILE_ENV];
  const start = checkSkew(
    parseEnvNumber(env, CLOCK_OFFSET_ENV),
    parseEnvNumber(env, CLOCK_DRIFT_ENV),
    "clockFromEnv",
  );
  if (!file) return createSkewedClock(start.offsetMs, start.driftPpm);
  let body: ClockFileBody = { ...start, anchorMs: Date.now() };
  let lastCheck = 0;
  let lastMtime = -1;
  return {
    now() {
      const real = Date.now();
      if (real - lastCheck >= pollMs) {
        lastCheck = real;
        try {
          const mtime = statSync(file).mtimeMs;
          if (mtime !== lastMtime) {
            lastMtime = mtime;
            body = JSON.parse(readFileSync(file, "utf8")) as ClockFileBody;
          }
        } catch {
          /* missing or mid-write: keep the last known skew */
        }
      }
      return real + body.offsetMs + ((real - body.anchorMs) * body.driftPpm) / 1e6;
    },
  };
}

/** Environment for a child started with a fixed skew. */
export function clockEnv(offsetMs: number, driftPpm = 0): Record<string, string> {
  checkSkew(offsetMs, driftPpm, "clockEnv");
  return { [CLOCK_OFFSET_ENV]: String(offsetMs), [CLOCK_DRIFT_ENV]: String(driftPpm) };
}

export interface ClockFile extends ClockControl {
  readonly path: string;
  /** Pass to spawnGroup's env so the child follows this file. */
  readonly env: Record<string, string>;
}

/** The parent's side of FAULTLINE_CLOCK_FILE: skew a running child by writing its file. */
export function createClockFile(path: string): ClockFile {
  const write = (offsetMs: number, driftPpm: number) => {
    const body: ClockFileBody = {
      ...checkSkew(offsetMs, driftPpm, "clockFile.set"),
      anchorMs: Date.now(),
    };
    writeFileSync(`${path}.tmp`, JSON.stringify(body));
    renameSync(`${path}.tmp`, path);
  };
  write(0, 0);
  return {
    path,
    env: { [CLOCK_FILE_ENV]: path },
    set: (offsetMs, driftPpm = 0) => write(offsetMs, driftPpm),
    reset: () => write(0, 0),
  };
}
