"use client";
/**
 * The labs' HistoryTimeline for a chapter's `<Timeline>`, split into its own chunk: it brings
 * the run view's time cursor and op details along, and every chapter page would otherwise load
 * them (the MDX components map is the same for all chapters). Still rendered on the server.
 */
import dynamic from "next/dynamic";

export const ChapterHistoryTimeline = dynamic(() => import("@/components/labs/HistoryTimeline").then((m) => m.HistoryTimeline));
