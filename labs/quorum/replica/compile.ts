/**
 * Bundles the replica's TypeScript into one ESM file so each replica starts with plain
 * `node` (~0.1 s) instead of a TypeScript loader (~0.8 s each on a busy 2-core machine,
 * and a run starts five). Built once per lab process; the file is named by its content's
 * hash in the OS temp dir, so every run child reuses it instead of leaving a copy each.
 */
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

let built: Promise<string> | null = null;

export function replicaEntry(): Promise<string> {
  built ??= (async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("./server.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error("esbuild produced no replica bundle");
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
    const file = join(tmpdir(), `faultline-quorum-replica-${hash}.mjs`);
    if (!existsSync(file)) {
      // Write then rename: a concurrent run never sees a half-written file.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    return file;
  })().catch((err: unknown) => {
    built = null;
    throw err;
  });
  return built;
}
