// Runs the authoring check (scripts/content-check.ts) and fills the compiled-chapter cache when `next build` loads its config, so a
// broken chapter fails the production build with the same `path:line:col: message` lines,
// however the build is started (npm run build, scripts/setup/build.ts, npx next build).
// Plain JS because next.config.mjs imports it before any TypeScript tooling is loaded.
import { spawnSync } from "node:child_process";
import path from "node:path";

export function checkContentBeforeBuild() {
  // Next loads its config again in build workers; they inherit this flag and skip the check.
  if (process.env.FAULTLINE_CONTENT_CHECKED === "1" || process.env.FAULTLINE_SKIP_CONTENT_CHECK === "1") return;
  const env = { ...process.env };
  // Fixture chapters (browser tests) are broken on purpose; the check covers content/ only.
  delete env.FAULTLINE_EXTRA_CONTENT_DIR;
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const result = spawnSync(tsx, ["scripts/content-check.ts", "--precompile"], { stdio: "inherit", env });
  if (result.status !== 0) {
    throw new Error(
      result.status === 1
        ? "content check failed: fix the chapters listed above (npm run content:check), then build again"
        : `content check could not run (${result.error?.message ?? `exit ${result.status}`})`,
    );
  }
  process.env.FAULTLINE_CONTENT_CHECKED = "1";
}
