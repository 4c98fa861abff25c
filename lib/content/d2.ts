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

/**
 * A diagram drawn once with both palettes: light colours by default, dark ones under
 * `:root.dark` (the site's theme switch). Half the bytes of two SVGs, one per theme.
 */
export interface D2Svg {
  svg: string;
}

/** D2's "Neutral default" and "Dark Mauve" themes. */
const LIGHT_THEME = 0;
const DARK_THEME = 200;
/** D2 pads 100 px by default, which draws a small diagram in a large box. */
const PAD_PX = 16;

const memory = new Map<string, Promise<D2Svg>>();

/** Renders D2 to one SVG with both themes, cached in memory and in `.cache/d2/<sha256>.v3.json`; throws D2Error. */
export function renderD2(source: string): Promise<D2Svg> {
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
  // v3: one SVG with both palettes, unused rules pruned (v1 files held a light and a dark SVG).
  return path.join(cacheDir("d2"), `${d2Hash(source)}.v3.json`);
}

async function renderUncached(source: string, hash: string): Promise<D2Svg> {
  const file = d2CacheFile(source);
  try {
    return JSON.parse(await readFile(file, "utf8")) as D2Svg;
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
    // Salt keeps ids unique when two diagrams share a page.
    const svg = await d2.render(compiled.diagram, {
      ...compiled.renderOptions,
      themeID: LIGHT_THEME,
      darkThemeID: DARK_THEME,
      pad: PAD_PX,
      noXMLTag: true,
      salt: hash.slice(0, 8),
    });
    return { svg: withoutUnusedRules(darkPaletteUnderThemeClass(svg)) };
  });
  await writeCacheFile(file, JSON.stringify(svgs));
  return svgs;
}

const DARK_MEDIA = "@media screen and (prefers-color-scheme:dark){";

/**
 * D2 puts the dark palette in `@media (prefers-color-scheme: dark)`; the site's theme switch can
 * differ from the system's, so the same rules go under `:root.dark` instead.
 */
export function darkPaletteUnderThemeClass(svg: string): string {
  let out = svg;
  for (let start = out.indexOf(DARK_MEDIA); start !== -1; start = out.indexOf(DARK_MEDIA, start)) {
    let depth = 1;
    let end = start + DARK_MEDIA.length;
    for (; end < out.length && depth > 0; end++) {
      if (out[end] === "{") depth++;
      else if (out[end] === "}") depth--;
    }
    const body = out.slice(start + DARK_MEDIA.length, end - 1);
    // Each rule's selector list gets the prefix (rules here are flat: `sel, sel{decls}`).
    const scoped = body.replace(/(^|})(\s*)([^{}]+)\{/g, (_m, close: string, space: string, selectors: string) =>
      `${close}${space}${selectors.split(",").map((sel) => `:root.dark ${sel.trim()}`).join(",")}{`,
    );
    out = out.slice(0, start) + scoped + out.slice(end);
    start += scoped.length;
  }
  return out;
}

/** Classes that scope or switch a rule rather than name a drawn element. */
const SCOPE_CLASS = /^(?:d2-\d+|dark)$/;

/**
 * D2 writes its whole palette (fill, stroke, color, background-color and sketch overlays for
 * every colour, in both themes) and its Markdown styles into every SVG: ~12 KB, of which a
 * diagram uses a few rules. Drops the flat rules whose classes no element carries; @-rules and
 * styles with nested blocks are kept as they are.
 */
export function withoutUnusedRules(svg: string): string {
  const body = svg.replace(/<style[^>]*>[\s\S]*?<\/style>/g, "");
  const used = new Set([...body.matchAll(/\bclass="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)));
  return svg.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (whole, open: string, css: string, close: string) => {
    if (/@(?:media|keyframes|supports)/.test(css)) return whole;
    const pruned = css.replace(/([^{}]*)\{[^{}]*\}/g, (rule: string, selectors: string) => {
      if (selectors.includes("@")) return rule;
      const keep = selectors
        .replace(/<!\[CDATA\[|\]\]>/g, "")
        .split(",")
        .some((selector) => [...selector.matchAll(/\.([A-Za-z_][\w-]*)/g)].every((m) => SCOPE_CLASS.test(m[1]!) || used.has(m[1]!)));
      // A dropped rule keeps any CDATA marker that shared its text.
      return keep ? rule : (selectors.match(/<!\[CDATA\[|\]\]>/g) ?? []).join("");
    });
    return open + pruned + close;
  });
}
