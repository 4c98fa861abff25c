/**
 * `next build` only when the sources changed since the last build: the hash of every file
 * the build reads is stored next to the build output.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { asciiPrerenderedPages } from "./ascii-pages";
import { SetupError } from "./stage";

const INPUTS = ["app", "components", "lib", "content", "labs", "public", "next.config.mjs", "package-lock.json", "tsconfig.json", "postcss.config.mjs"];
const SKIP = new Set(["node_modules", ".next", "generated", ".cache"]);

function walk(file: string, into: string[]): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(file).sort()) if (!SKIP.has(entry) && !entry.endsWith(".test.ts")) walk(path.join(file, entry), into);
  } else {
    into.push(file);
  }
}

export function sourceHashOf(root: string, inputs: string[]): string {
  const files: string[] = [];
  for (const input of inputs) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  hash.update(process.env.FAULTLINE_EXTRA_CONTENT_DIR ?? "");
  return hash.digest("hex");
}

export function distDir(root: string): string {
  return path.join(root, process.env.FAULTLINE_NEXT_DIST_DIR || ".next");
}

/** Returns true when it built, false when the last build is still current. */
export function buildIfChanged(root: string): boolean {
  const hash = sourceHash(root);
  const marker = path.join(distDir(root), "faultline-source-hash");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash && existsSync(path.join(distDir(root), "BUILD_ID"))) return false;
  const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new SetupError("The production build failed (output above): fix the first error it names, then run the command again.");
  }
  asciiPrerenderedPages(distDir(root));
  // Hash again: `next build` itself edits tsconfig.json (it adds its dist dir's type paths), and
  // the next start must compare against the tree as the build left it.
  writeFileSync(marker, sourceHash(root));
  return true;
}
