"use client";

import { useEffect, useId, useRef, useState } from "react";

type MermaidApi = (typeof import("mermaid"))["default"];
let mermaidLoader: Promise<MermaidApi> | null = null;

// mermaid is ~600 KB: fetched only when the first diagram nears the viewport.
function loadMermaid(): Promise<MermaidApi> {
  mermaidLoader ??= import("mermaid").then((module) => module.default);
  return mermaidLoader;
}

const isDark = () => document.documentElement.classList.contains("dark");

/**
 * The block diagram's layout JSON-stringifies d3 selections whose parents include <html>, and
 * React keeps its fiber on <html> and <body> as enumerable properties, so the walk reaches
 * React's cyclic tree and throws (mermaid-js/mermaid#7907). Making those keys non-enumerable
 * changes nothing for React, which reads them by name.
 */
function hideReactKeysFromJson(): void {
  for (const element of [document.documentElement, document.body]) {
    for (const key of Object.keys(element)) {
      if (!key.startsWith("__react")) continue;
      const value: unknown = (element as unknown as Record<string, unknown>)[key];
      Object.defineProperty(element, key, { value, enumerable: false, writable: true, configurable: true });
    }
  }
}

/** A mermaid diagram, rendered in the browser when it scrolls into view (source shown until then). */
export function Mermaid({ chart, caption }: { chart: string; caption?: string }) {
  const ref = useRef<HTMLElement>(null);
  const renderId = `mermaid-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [visible, setVisible] = useState(false);
  const [dark, setDark] = useState<boolean | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: "300px 0px" },
    );
    observer.observe(element);
    const onTheme = () => setDark(isDark());
    window.addEventListener("faultline:themechange", onTheme);
    return () => {
      observer.disconnect();
      window.removeEventListener("faultline:themechange", onTheme);
    };
  }, []);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    const darkNow = dark ?? isDark();
    loadMermaid()
      .then(async (mermaid) => {
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: "strict",
          theme: darkNow ? "dark" : "default",
          fontFamily: "inherit",
        });
        hideReactKeysFromJson();
        const result = await mermaid.render(`${renderId}-${darkNow ? "d" : "l"}`, chart);
        if (!cancelled) setSvg(result.svg);
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
    };
  }, [visible, dark, chart, renderId]);

  return (
    <figure ref={ref} className="mermaid-figure" data-state={svg ? "rendered" : error ? "error" : "pending"}>
      {svg ? (
        <div className="mermaid-svg" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : (
        <pre className="mermaid-source" aria-label="Diagram source (rendering…)">
          {chart}
        </pre>
      )}
      {error ? (
        <p className="mermaid-error" role="alert">
          This diagram could not be rendered: {error}
        </p>
      ) : null}
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}
