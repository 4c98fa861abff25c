import type { HistoryOp, OpType } from "@/lib/history/types";

/** Terse literal histories: `inv(0, "write", 1)`, `ok(0, "write", 1)`, ... */
const event =
  (type: OpType) =>
  (process: number, f: string, value?: unknown, key?: string): HistoryOp => ({
    process,
    type,
    f,
    ...(value === undefined ? {} : { value }),
    ...(key === undefined ? {} : { key }),
  });

export const inv = event("invoke");
export const ok = event("ok");
export const fail = event("fail");
export const info = event("info");
