import { describe, expect, it } from "vitest";
import { HistoryFormatError } from "@/lib/history/errors";
import { detectHistoryFormat, parseHistory } from "@/lib/history/load";
import { pairOperations } from "@/lib/history/operations";

describe("Jepsen log", () => {
  it("reads tabs or spaces, nil, numbers, cas vectors and timed-out completions; ignores other lines", () => {
    const log = [
      "INFO  jepsen.util - 3\t:invoke\t:read\tnil",
      "some other log line",
      "INFO  jepsen.util - 3   :ok     :read   4",
      "INFO  jepsen.util - 1\t:invoke\t:cas\t[4 0]",
      "INFO  jepsen.util - 1\t:fail\t:cas\t[4 0]",
      "INFO  jepsen.util - 0\t:invoke\t:write\t2",
      "INFO  jepsen.util - 0\t:info\t:write\t:timed-out",
    ].join("\n");
    expect(detectHistoryFormat(log)).toBe("jepsen-log");
    expect(parseHistory(log)).toEqual([
      { process: 3, type: "invoke", f: "read", value: null },
      { process: 3, type: "ok", f: "read", value: 4 },
      { process: 1, type: "invoke", f: "cas", value: [4, 0] },
      { process: 1, type: "fail", f: "cas", value: [4, 0] },
      { process: 0, type: "invoke", f: "write", value: 2 },
      { process: 0, type: "info", f: "write", error: "timed-out" },
    ]);
  });
});

describe("Jepsen EDN", () => {
  it("reads one map per line, keys as strings and :time in ns as ms", () => {
    const edn = [
      '{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}',
      '{:process 0, :type :ok, :f :append, :key 0, :value "x 0 0 y", :time 2500000}',
    ].join("\n");
    expect(detectHistoryFormat(edn)).toBe("edn");
    expect(parseHistory(edn)).toEqual([
      { process: 0, type: "invoke", f: "append", key: "0", value: "x 0 0 y" },
      { process: 0, type: "ok", f: "append", key: "0", value: "x 0 0 y", time: 2.5 },
    ]);
  });

  it("names the line of a malformed operation", () => {
    expect(() => parseHistory("{:process 0, :type :invoke, :f :get}\n{:type :ok}", "edn")).toThrow(
      /line 2: .*process/,
    );
  });
});

describe("JSON", () => {
  it("validates each operation", () => {
    expect(() => parseHistory('[{"process":0,"type":"done","f":"read"}]')).toThrow(
      /operation 0: type/,
    );
    expect(() => parseHistory('{"process":0}', "json")).toThrow(/must be an array/);
    expect(() => parseHistory("nonsense")).toThrow(HistoryFormatError);
  });
});

describe("pairing operations", () => {
  it("orders by time when every event has one, and marks never-completed invokes as info", () => {
    const ops = pairOperations([
      { process: 1, type: "ok", f: "write", value: 1, time: 30 },
      { process: 1, type: "invoke", f: "write", value: 1, time: 10 },
      { process: 2, type: "invoke", f: "read", time: 20 },
    ]);
    expect(ops).toMatchObject([
      { index: 1, completionIndex: 0, outcome: "ok", call: 0, ret: 2, callTime: 10, retTime: 30 },
      { index: 2, completionIndex: null, outcome: "info", call: 1, ret: Infinity },
    ]);
  });

  it("rejects a completion of a different function than the invoke", () => {
    expect(() =>
      pairOperations([
        { process: 0, type: "invoke", f: "read" },
        { process: 0, type: "ok", f: "write", value: 1 },
      ]),
    ).toThrow(/completed write but had invoked read/);
  });
});
