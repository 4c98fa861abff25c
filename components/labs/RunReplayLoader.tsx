"use client";
/** Loads the replay (charts, timelines) only in the browser, after the page is readable. */
import dynamic from "next/dynamic";
import type { LabView } from "@/lib/labs/types";

const RunReplay = dynamic(() => import("./RunReplay").then((m) => m.RunReplay), { ssr: false, loading: () => <p>Loading the run…</p> });

export function RunReplayLoader({ runId, own, view }: { runId: string; own?: boolean; view?: LabView }) {
  return <RunReplay runId={runId} own={own} view={view} />;
}
