// Plain JavaScript on purpose: this runs before any package (tsx included) is installed.
// It installs packages when they are missing or older than the lockfile, then hands over to
// the TypeScript set-up in scripts/setup/.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function packagesUpToDate() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  if (!existsSync(marker)) return false;
  const lock = path.join(root, "package-lock.json");
  return statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

export function run(entry) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) {
    console.error(`✖ Node ${process.versions.node} is too old: install Node 20 or newer.`);
    process.exit(1);
  }
  if (!packagesUpToDate()) {
    console.log("› installing packages (npm ci)");
    const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
    if (result.status !== 0) {
      console.error("✖ npm ci failed: check your network access to the npm registry, then run the command again.");
      process.exit(1);
    }
  }
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "setup", entry), ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  process.exit(child.status ?? 1);
}
