/**
 * `npm run bench:content`: compile time of the longest chapter in content/.
 * cold = first compile in a fresh process with empty caches (shiki, esbuild, D2 worker start);
 * warm = median of repeated compiles; compared with a plain mdx-bundler + remark-gfm compile of
 * the same source (the peer), and with a cached getChapter() hit.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";

const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 10);

async function longestChapter(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".mdx"));
  if (files.length === 0) throw new Error("no chapters in content/: nothing to benchmark");
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(path.join(dir, f))).size })));
  return sizes.sort((a, b) => b.size - a.size)[0]!.f;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const repo = process.cwd();
  const name = await longestChapter(path.join(repo, "content"));
  const source = await readFile(path.join(repo, "content", name), "utf8");
  // Empty caches: a throwaway root holding only this chapter (and the images it may use).
  const root = await mkdtemp(path.join(tmpdir(), "faultline-bench-content-"));
  await cp(path.join(repo, "content", name), path.join(root, "content", name));
  process.env.FAULTLINE_ROOT = root;
  delete process.env.FAULTLINE_EXTRA_CONTENT_DIR;
  try {
    const { compileMdx } = await import("@/lib/content/compile");
    const { getChapter, shutdownContentWorkers } = await import("@/lib/content");
    const cwd = path.join(root, "content");

    const cold = await time(() => compileMdx(source, cwd));
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await time(() => compileMdx(source, cwd)));

    const peerOnce = () =>
      bundleMDX({
        source,
        cwd,
        mdxOptions(o) {
          o.remarkPlugins = [...(o.remarkPlugins ?? []), remarkGfm];
          return o;
        },
      });
    await peerOnce();
    const peer: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) peer.push(await time(peerOnce));

    const slug = name.replace(/^\d+-/, "").replace(/\.mdx$/, "");
    const firstGet = await time(() => getChapter(slug)); // check + compile (compile cache cold on disk)
    const cachedGet: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) cachedGet.push(await time(() => getChapter(slug)));
    await shutdownContentWorkers();

    const w = median(warm);
    const p = median(peer);
    console.log(`## Content\n`);
    console.log(`Longest chapter: content/${name} (${source.length} chars). ${WARM_RUNS} warm runs, medians. Command: \`npm run bench:content\`\n`);
    console.log(`| measurement | time |\n|---|---|`);
    console.log(`| compile, cold (fresh process, empty caches) | ${ms(cold)} |`);
    console.log(`| compile, warm (full pipeline) | ${ms(w)} |`);
    console.log(`| peer: plain mdx-bundler + remark-gfm, warm | ${ms(p)} |`);
    console.log(`| getChapter, first call (check + compile from memory/disk) | ${ms(firstGet)} |`);
    console.log(`| getChapter, cached | ${ms(median(cachedGet))} |`);
    console.log(`\nRatios: cold/warm = ${(cold / w).toFixed(1)}x; full pipeline vs plain mdx-bundler (warm) = ${(w / p).toFixed(2)}x.`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
