"use client";
/**
 * A lab's rendered task statements, fetched when its runner opens (a chapter page does not
 * carry them: lib/catalogue/runner-lab). One request per lab per page, shared by its tasks;
 * a failed one is forgotten so "Try again" asks again.
 */
import { useCallback, useEffect, useState } from "react";
import type { Root } from "hast";
import type { LabStatements } from "@/lib/catalogue/runner-lab";

const requests = new Map<string, Promise<Map<string, Root>>>();

function fetchStatements(labId: string): Promise<Map<string, Root>> {
  let request = requests.get(labId);
  if (!request) {
    request = fetch(`/api/labs/${encodeURIComponent(labId)}/statements`).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as LabStatements;
      return new Map(body.tasks.map((t) => [t.id, t.statementTree]));
    });
    requests.set(labId, request);
    request.catch(() => requests.delete(labId));
  }
  return request;
}

export type StatementState = { stage: "loading" } | { stage: "ready"; tree: Root } | { stage: "failed"; message: string };

export function useStatement(labId: string, taskId: string): { state: StatementState; retry: () => void } {
  const [state, setState] = useState<StatementState>({ stage: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    fetchStatements(labId).then(
      (trees) => {
        const tree = trees.get(taskId);
        if (live) setState(tree ? { stage: "ready", tree } : { stage: "failed", message: `no statement for task ${taskId}` });
      },
      (err: unknown) => live && setState({ stage: "failed", message: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [labId, taskId, attempt]);
  const retry = useCallback(() => {
    setState({ stage: "loading" });
    setAttempt((n) => n + 1);
  }, []);
  return { state, retry };
}
