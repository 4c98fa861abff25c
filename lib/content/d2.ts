import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { cacheDir, writeCacheFile } from "./paths";

/** A D2 source that does not compile; `line`/`column` are 1-based within the block. */
export class D2Error extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "D2Error";
  }
}

interface D2Instance {
  compile(input: string, options?: object): Promise<{ diagram: unknown; renderOptions: object }>;
  render(diagram: unknown, options?: object): Promise<string>;
  worker?: { terminate(): Promise<number>; ref(): void; unref(): void };
}

// One D2 instance must never be called concurrently (it hangs), so every call goes through
// this promise chain; the worker is terminated after a short idle period so processes exit.
let instance: Promise<D2Instance> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let pending = 0;
let idleTimer: NodeJS.Timeout | null = null;
const IDLE_MS = 2000;

async function getInstance(): Promise<D2Instance> {
  if (!instance) {
    instance = import("@terrastruct/d2").then(async ({ D2 }) => {
      const d2 = new D2() as unknown as D2Instance & { ready: Promise<void> };
      await d2.ready;
      return d2;
    });
  }
  return instance;
}

/** Terminates the D2 worker now (tests and scripts call this to exit promptly). */
export async function shutdownD2(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const current = instance;
  instance = null;
  if (current) {
    const d2 = await current.catch(() => null);
    await d2?.worker?.terminate();
  }
}

function serialise<T>(job: () => Promise<T>): Promise<T> {
  pending++;
  if (idleTimer) clearTimeout(idleTimer);
  const guarded = async () => {
    // The worker keeps the process alive only while a job runs; idle, it must not block exit.
    const d2 = await getInstance();
    d2.worker?.ref();
    return job();
  };
  const run = queue.then(guarded, guarded);
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run.finally(() => {
    pending--;
    if (pending === 0) {
      void instance?.then((d2) => d2.worker?.unref()).catch(() => undefined);
      idleTimer = setTimeout(() => void shutdownD2(), IDLE_MS);
      idleTimer.unref();
    }
  });
}

/** D2 reports errors as a JSON list of { errmsg: "index:LINE:COL: message" }. */
function toD2Error(err: unknown): D2Error {
  const raw = err instanceof Error ? err.message : String(err);
  try {
    const list = JSON.parse(raw) as { errmsg?: string }[];
    const first = list[0]?.errmsg ?? raw;
    const m = /^index:(\d+):(\d+):\s*(.*)$/s.exec(first);
    if (m) return new D2Error(m[3] ?? first, Number(m[1]), Number(m[2]));
    return new D2Error(first, 1, 1);
  } catch {
    return new D2Error(raw, 1, 1);
  }
}

export function d2Hash(source: string): string {
  return createHash("sha256").update(source).digest("hex");
}

/** A diagram in both themes: the page shows the one matching its light/dark switch. */
export interface D2Svgs {
  light: string;
  dark: string;
}

/** D2's "Neutral default" and "Dark Mauve" themes. */
const LIGHT_THEME = 0;
const DARK_THEME = 200;
/** D2 pads 100 px by default, which draws a small diagram in a large box. */
const PAD_PX = 16;

const memory = new Map<string, Promise<D2Svgs>>();

/** Renders D2 to SVG in both themes, cached in memory and in `.cache/d2/<sha256>.json`; throws D2Error. */
export function renderD2(source: string): Promise<D2Svgs> {
  const hash = d2Hash(source);
  let result = memory.get(hash);
  if (!result) {
    result = renderUncached(source, hash);
    memory.set(hash, result);
    // A failure is cached too: the same source fails the same way.
  }
  return result;
}

export function d2CacheFile(source: string): string {
  return path.join(cacheDir("d2"), `${d2Hash(source)}.json`);
}

async function renderUncached(source: string, hash: string): Promise<D2Svgs> {
  const file = d2CacheFile(source);
  try {
    return JSON.parse(await readFile(file, "utf8")) as D2Svgs;
  } catch {
    // not cached yet
  }
  const svgs = await serialise(async () => {
    const d2 = await getInstance();
    let compiled;
    try {
      compiled = await d2.compile(source);
    } catch (err) {
      throw toD2Error(err);
    }
    // Salt keeps ids unique when two diagrams (or the two themes of one) share a page.
    const render = (themeID: number, salt: string) =>
      d2.render(compiled.diagram, { ...compiled.renderOptions, themeID, pad: PAD_PX, noXMLTag: true, salt });
    return { light: await render(LIGHT_THEME, hash.slice(0, 8)), dark: await render(DARK_THEME, `${hash.slice(0, 8)}d`) };
  });
  await writeCacheFile(file, JSON.stringify(svgs));
  return svgs;
}
