"use client";
/** Loads the replay (charts, timelines) only in the browser, after the page is readable. */
import dynamic from "next/dynamic";

const RunReplay = dynamic(() => import("./RunReplay").then((m) => m.RunReplay), { ssr: false, loading: () => <p>Loading the run…</p> });

export function RunReplayLoader({ runId, own }: { runId: string; own?: boolean }) {
  return <RunReplay runId={runId} own={own} />;
}
