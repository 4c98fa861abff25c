"use client";
/**
 * The runner as a chapter embeds it: loaded only in the browser and only when the chapter
 * renders a lab, so CodeMirror and uPlot stay out of every other page's bundle.
 */
import dynamic from "next/dynamic";

export const LabRunnerLazy = dynamic(() => import("./LabRunner").then((m) => m.LabRunner), {
  ssr: false,
  loading: () => (
    <p className="lab-runner lab-loading" aria-busy="true">
      Loading lab…
    </p>
  ),
});

export default LabRunnerLazy;
