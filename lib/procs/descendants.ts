/**
 * Every live descendant of some processes, read from /proc (Linux): what a supervisor or a
 * test checks for leftovers after stopping what it started. Zombies are left out (dead).
 */
import { readdirSync } from "node:fs";
import { isDeadState, readStatSync } from "./proc-stat";

export function descendants(roots: readonly number[]): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStatSync(Number(entry));
    if (stat && !isDeadState(stat.state)) parentOf.set(stat.pid, stat.ppid);
  }
  const found = new Set<number>();
  const frontier = [...roots];
  while (frontier.length > 0) {
    const pid = frontier.pop() as number;
    for (const [child, parent] of parentOf) {
      if (parent === pid && !found.has(child)) {
        found.add(child);
        frontier.push(child);
      }
    }
  }
  return [...found];
}
