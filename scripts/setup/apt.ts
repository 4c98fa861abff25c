/** Installing a Debian package, only when we are root on Debian (never sudo behind a user's back). */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

export function canApt(): boolean {
  return process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") && process.env.FAULTLINE_NO_APT !== "1";
}

export function aptInstall(packages: string[]): boolean {
  console.log(`› installing ${packages.join(", ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env });
  if (result.status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    result = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env });
  }
  return result.status === 0;
}
