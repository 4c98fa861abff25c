import { readStatSync, isDeadState } from "./proc-stat";

/**
 * True when `pid` runs (or is stopped). A zombie counts as dead: the container's PID 1
 * does not reap orphans, so killed grandchildren linger as `Z` forever and `kill(pid, 0)`
 * would still say they exist.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readStatSync(pid);
  if (stat) return !isDeadState(stat.state);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
