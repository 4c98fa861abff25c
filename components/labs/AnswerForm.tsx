"use client";
/** Inputs generated from the task's answer JSON Schema (see schema-fields.ts). */
import type { Field } from "./schema-fields";
import { CodeEditor } from "./CodeEditor";

export interface AnswerFormProps {
  idPrefix: string;
  fields: Field[];
  /** Current value of each field; json / number-list fields are edited as text drafts. */
  values: Record<string, unknown>;
  drafts: Record<string, string>;
  errors: Record<string, string>;
  onValue: (name: string, value: unknown) => void;
  onDraft: (name: string, text: string) => void;
}

export function AnswerForm({ idPrefix, fields, values, drafts, errors, onValue, onDraft }: AnswerFormProps) {
  return (
    <div className="lab-form">
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const error = errors[f.name];
        const described = [f.description ? `${id}-desc` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
        let input: React.ReactNode;
        switch (f.kind) {
          case "number":
          case "integer":
            input = (
              <input
                id={id}
                type="number"
                step={f.kind === "integer" ? 1 : "any"}
                min={f.min}
                max={f.max}
                value={typeof values[f.name] === "number" ? String(values[f.name]) : ""}
                onChange={(e) => onValue(f.name, e.target.value === "" ? undefined : Number(e.target.value))}
                aria-describedby={described}
                aria-invalid={error ? true : undefined}
              />
            );
            break;
          case "boolean":
            input = <input id={id} type="checkbox" checked={values[f.name] === true} onChange={(e) => onValue(f.name, e.target.checked)} aria-describedby={described} />;
            break;
          case "enum":
            input = (
              <select id={id} value={String(values[f.name] ?? "")} onChange={(e) => onValue(f.name, e.target.value)} aria-describedby={described}>
                {f.options?.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
            break;
          case "text":
            input = <input id={id} type="text" value={String(values[f.name] ?? "")} onChange={(e) => onValue(f.name, e.target.value)} aria-describedby={described} />;
            break;
          case "number-list":
            input = <input id={id} type="text" inputMode="decimal" placeholder="1, 2, 3" value={drafts[f.name] ?? ""} onChange={(e) => onDraft(f.name, e.target.value)} aria-describedby={described} aria-invalid={error ? true : undefined} />;
            break;
          case "code":
            input = <CodeEditor id={id} label={f.label} language="typescript" value={String(values[f.name] ?? "")} onChange={(v) => onValue(f.name, v)} />;
            break;
          case "json":
            input = <CodeEditor id={id} label={`${f.label} (JSON)`} language="json" value={drafts[f.name] ?? ""} onChange={(v) => onDraft(f.name, v)} />;
            break;
        }
        const wide = f.kind === "code" || f.kind === "json";
        return (
          <div key={f.name} className={`lab-field${wide ? " is-wide" : ""}${f.kind === "boolean" ? " is-check" : ""}`}>
            <label htmlFor={id}>
              {f.label}
              {f.kind === "json" ? " (JSON)" : ""}
            </label>
            {input}
            {f.description ? (
              <small id={`${id}-desc`} className="lab-field-desc">
                {f.description}
              </small>
            ) : null}
            {error ? (
              <small id={`${id}-err`} className="lab-field-error" role="alert">
                {error}
              </small>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
