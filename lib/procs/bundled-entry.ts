/**
 * Bundles a TypeScript entry point into one ESM file, so a lab's node processes start with
 * plain `node` (~0.1 s) instead of a TypeScript loader (~0.8 s each on a busy 2-core machine,
 * and a run starts five). Built once per process and named by its content's hash, so every
 * run reuses it. The file lives under node_modules/.cache: packages left `external` (native
 * or WebAssembly ones such as esbuild and QuickJS) resolve from there as from the repo.
 */
import { build, type BuildOptions } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keepModuleUrls } from "./keep-module-urls";

const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/faultline/", import.meta.url));
const built = new Map<string, Promise<string>>();

export function bundledEntry(entryFile: string, label: string, external: string[] = []): Promise<string> {
  let pending = built.get(entryFile);
  if (!pending) {
    pending = bundle({ entryPoints: [entryFile] }, label, external).catch((err: unknown) => {
      built.delete(entryFile);
      throw err;
    });
    built.set(entryFile, pending);
  }
  return pending;
}

/**
 * Bundles generated source (`resolveDir` resolves its relative imports). Not memoised: the
 * caller decides when its source may have changed.
 */
export function bundledSource(contents: string, resolveDir: string, label: string, external: string[] = []): Promise<string> {
  return bundle({ stdin: { contents, resolveDir, sourcefile: `${label}-entry.ts`, loader: "ts" } }, label, external);
}

async function bundle(entry: Pick<BuildOptions, "entryPoints" | "stdin">, label: string, external: string[]): Promise<string> {
  const result = await build({
    ...entry,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
    external,
    plugins: [keepModuleUrls()],
    // Bundled CommonJS dependencies call require(); ESM has none unless we make one.
    banner: { js: `import { createRequire as __faultlineRequire } from "node:module"; const require = __faultlineRequire(import.meta.url);` },
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error(`esbuild produced no bundle for ${label}`);
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `${label}-${hash}.mjs`);
  if (!existsSync(file)) {
    // Write then rename: a concurrent run never sees a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return file;
}
