/**
 * The JS our host runs inside QuickJS to call the student's functions and read back what
 * they return. It is evaluated BEFORE the student's module, and keeps the built-ins it uses
 * in its closure, so a student who replaces `JSON.stringify`, `Object.keys`, an Array method
 * or `Object.prototype.toJSON` changes their own code, not ours. Whatever student code still
 * runs from here (getters, toJSON, Proxy traps) runs inside the host's timed call.
 *
 * The host only ever receives a string from it: one JSON reply (built from null-prototype
 * objects and cut text), or a thrown marker string when the engine itself failed.
 */

/** Text the shim copies out of QuickJS per field; the host cuts further (bounded-text.ts). */
export const SHIM_TEXT_CHARS = 4096;
/** Largest JSON a call may return. A token bucket needs a few dozen characters. */
export const MAX_RESULT_CHARS = 64 * 1024;
/** Deeper results are refused: QuickJS's JSON.stringify recurses on the host's stack. */
export const MAX_RESULT_DEPTH = 64;
/** Thrown (as a string) when the shim's own code failed: the engine ran out of memory. */
// No NUL or other control character: the host reads it back through a C string.
export const SHIM_FAILED = "faultline-shim-failed";

/** What the student's code threw, as far as it could be read. */
export interface ThrownText {
  name?: string;
  message?: string;
  /** Length of `message` before the shim cut it. */
  length?: number;
  stack?: string;
  /** typeof the thrown value when it was not an error-like object. */
  kind?: string;
}

export type ShimReply =
  | { ok: true }
  | { v?: unknown }
  | { threw: ThrownText }
  | { badResult: ThrownText }
  | { missing: string; found: string }
  | { promise: true }
  | { tooBig: number }
  | { tooDeep: true };

export const SHIM_SOURCE = `(() => {
  "use strict";
  const stringify = JSON.stringify, parse = JSON.parse, apply = Reflect.apply;
  const keys = Object.keys, create = Object.create, Str = String, P = Promise;
  const WM = WeakMap, wmGet = WeakMap.prototype.get, wmSet = WeakMap.prototype.set;
  const slice = String.prototype.slice;
  const TEXT = ${SHIM_TEXT_CHARS}, MAX_RESULT = ${MAX_RESULT_CHARS}, MAX_DEPTH = ${MAX_RESULT_DEPTH};
  const FAILED = ${JSON.stringify(SHIM_FAILED)};
  const TOO_DEEP = create(null);
  let fns = create(null);

  const cut = (s, n) => (s.length > n ? apply(slice, s, [0, n]) : s);
  const record = () => create(null);
  const text = (e, key) => {
    try {
      const v = e[key];
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  };
  // Reads only strings and primitives: never calls toString/valueOf on the student's object.
  const describe = (e) => {
    const d = record();
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      const s = typeof e === "string" ? e : Str(e);
      d.message = cut(s, TEXT);
      d.length = s.length;
      d.kind = typeof e;
      return d;
    }
    const name = text(e, "name"), message = text(e, "message"), stack = text(e, "stack");
    if (name !== undefined) d.name = cut(name, 100);
    if (message !== undefined) {
      d.message = cut(message, TEXT);
      d.length = message.length;
    }
    if (stack !== undefined) d.stack = cut(stack, TEXT);
    d.kind = typeof e;
    return d;
  };
  const reply = (key, value) => {
    const r = record();
    r[key] = value;
    return stringify(r);
  };

  // Depth-limited: the replacer sees each holder before stringify descends into it.
  const serialise = (v) => {
    const depth = new WM();
    return stringify(v, function (key, value) {
      const d = (apply(wmGet, depth, [this]) || 0) + 1;
      if (d > MAX_DEPTH) throw TOO_DEEP;
      if (value !== null && typeof value === "object") apply(wmSet, depth, [value, d]);
      return value;
    });
  };

  const bind = (exports, namesJson) => {
    const names = parse(namesJson);
    for (let i = 0; i < names.length; i++) {
      let f, found = "";
      try {
        f = exports === null || exports === undefined ? undefined : exports[names[i]];
        if (typeof f !== "function" && exports !== null && typeof exports === "object") {
          const ks = keys(exports);
          for (let j = 0; j < ks.length && j < 20; j++) found += (j ? ", " : "") + cut(Str(ks[j]), 60);
        }
      } catch (e) {
        return reply("threw", describe(e));
      }
      if (typeof f !== "function") {
        const r = record();
        r.missing = names[i];
        r.found = found;
        return stringify(r);
      }
      fns[names[i]] = f;
    }
    return '{"ok":true}';
  };

  const call = (name, argsJson) => {
    let v;
    try {
      v = apply(fns[name], undefined, parse(argsJson));
    } catch (e) {
      return reply("threw", describe(e));
    }
    let json;
    try {
      if (v instanceof P || (v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function"))
        return '{"promise":true}';
      json = serialise(v);
    } catch (e) {
      if (e === TOO_DEEP) return '{"tooDeep":true}';
      return reply("badResult", describe(e));
    }
    if (json === undefined) return "{}";
    if (json.length > MAX_RESULT) return '{"tooBig":' + json.length + "}";
    return '{"v":' + json + "}";
  };

  return (op, a, b) => {
    try {
      if (op === "call") return call(a, b);
      if (op === "bind") return bind(a, b);
      return reply("threw", describe(a));
    } catch {
      // Our own code failed while handling the student's values: out of memory.
      throw FAILED;
    }
  };
})()`;
