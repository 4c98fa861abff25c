"use client";
/** CodeMirror 6 for implement tasks (TypeScript) and JSON answers such as fault schedules. */
import { useEffect, useRef } from "react";
import { basicSetup, EditorView } from "codemirror";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { codeEditorTheme } from "./code-editor-theme";
import "./code-editor.css";

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  language: "typescript" | "json";
  label: string;
  id?: string;
}

export function CodeEditor({ value, onChange, language, label, id }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        basicSetup,
        codeEditorTheme,
        language === "json" ? json() : javascript({ typescript: true }),
        EditorView.updateListener.of((u) => u.docChanged && latest.current(u.state.doc.toString())),
        // tabindex 0 changes nothing for the keyboard (contenteditable is focusable already) but
        // tells checkers such as axe that the scrolling editor is reachable by keyboard.
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0", ...(id ? { id } : {}) }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor owns its text after mount; `value` only seeds it (a new task remounts it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, label, id]);

  return <div ref={host} className="lab-code-editor" data-language={language} />;
}
