import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRequest } from "../protocol";
import { VersionedStore } from "./store";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "quorum-store-"));
  dirs.push(d);
  return d;
};

describe("VersionedStore", () => {
  it("keeps the highest version, whatever order writes arrive in", () => {
    const store = new VersionedStore();
    expect(store.get("x")).toEqual({ value: null, version: { n: 0, c: "" } });
    expect(store.put("x", "b", { n: 2, c: "c1" })).toBe(true);
    expect(store.put("x", "a", { n: 1, c: "c9" })).toBe(false);
    expect(store.put("x", "tie-lower", { n: 2, c: "c0" })).toBe(false);
    expect(store.put("x", "tie-higher", { n: 2, c: "c2" })).toBe(true);
    expect(store.get("x")).toEqual({ value: "tie-higher", version: { n: 2, c: "c2" } });
  });

  it("comes back from its log after a restart, ignoring a torn last line", () => {
    const log = join(tmp(), "n1.log");
    const first = new VersionedStore(log);
    first.put("x", "v1", { n: 1, c: "c0" });
    first.put("y", "w1", { n: 3, c: "c1" });
    first.put("x", "v2", { n: 2, c: "c0" });
    appendFileSync(log, '{"key":"x","value":"torn"'); // SIGKILL mid-append
    const again = new VersionedStore(log);
    expect(again.get("x").value).toBe("v2");
    expect(again.get("y")).toEqual({ value: "w1", version: { n: 3, c: "c1" } });
  });
});

describe("parseRequest", () => {
  it("accepts the three requests", () => {
    expect(parseRequest('{"id":1,"op":"ping"}')).toEqual({ ok: true, request: { id: 1, op: "ping" } });
    expect(parseRequest('{"id":2,"op":"get","key":"x"}')).toMatchObject({ ok: true });
    expect(parseRequest('{"id":3,"op":"put","key":"x","value":"v","version":{"n":1,"c":"c0"}}')).toMatchObject({ ok: true });
  });

  it("says what is wrong with a bad request", () => {
    expect(parseRequest("nope")).toEqual({ ok: false, id: -1, error: "request is not JSON" });
    expect(parseRequest('{"op":"get","key":"x"}')).toMatchObject({ ok: false, error: expect.stringContaining("id") });
    expect(parseRequest('{"id":4,"op":"put","key":"x","value":"v"}')).toEqual({ ok: false, id: 4, error: "put needs a version {n, c}" });
    expect(parseRequest('{"id":5,"op":"delete","key":"x"}')).toMatchObject({ ok: false, id: 5, error: expect.stringContaining("unknown op") });
  });
});
