/**
 * The session guarantees, checked on what each session saw, in the order it did things
 * (one operation at a time per session). A read carries the log position of the write it
 * returned (its version):
 *   read-your-writes — it is not older than the session's last acknowledged write of that key;
 *   monotonic reads  — it is not older than what the session's earlier reads of that key returned.
 */
import type { ReadDone, SessionRun, WriteDone } from "./scenario";

export interface RywViolation { read: ReadDone; write: WriteDone }
export interface MonotonicViolation { read: ReadDone; earlier: ReadDone }

export function checkSessions(run: SessionRun): { ryw: RywViolation[]; monotonic: MonotonicViolation[] } {
  const ryw: RywViolation[] = [];
  const monotonic: MonotonicViolation[] = [];
  const lastWrite = new Map<string, WriteDone>();
  const newestRead = new Map<string, ReadDone>();
  const events = [...run.writes.map((w) => ({ op: w.op, write: w })), ...run.reads.map((r) => ({ op: r.op, read: r }))].sort((a, b) => a.op - b.op);
  for (const e of events) {
    if ("write" in e) {
      lastWrite.set(`${e.write.session}/${e.write.key}`, e.write);
      continue;
    }
    const { read } = e;
    const id = `${read.session}/${read.key}`;
    const write = lastWrite.get(id);
    const earlier = newestRead.get(id);
    if (write && read.version < write.position) ryw.push({ read, write });
    else if (earlier && read.version < earlier.version) monotonic.push({ read, earlier });
    if (!earlier || read.version > earlier.version) newestRead.set(id, read);
  }
  return { ryw, monotonic };
}
