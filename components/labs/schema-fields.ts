/**
 * Turns a task's answer JSON Schema (z.toJSONSchema output) into form fields: numbers,
 * booleans, enums and number lists get inputs; code gets an editor; anything structured
 * (a fault schedule: an array of objects) gets a JSON editor.
 */
export type FieldKind = "number" | "integer" | "boolean" | "enum" | "number-list" | "text" | "code" | "json";

export interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  description?: string;
  options?: string[];
  min?: number;
  max?: number;
  required: boolean;
}

type Schema = Record<string, unknown>;

const asSchema = (v: unknown): Schema => (v && typeof v === "object" ? (v as Schema) : {});

/** "maxTokens" / "max_tokens" → "Max tokens". */
export function labelOf(name: string): string {
  const words = name.replace(/[_-]+/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// z.toJSONSchema writes the safe-integer range for plain .int(); that is not a real bound.
const bound = (v: unknown) => (typeof v === "number" && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : undefined);

function kindOf(name: string, s: Schema): Pick<Field, "kind" | "options" | "min" | "max"> {
  const type = s.type;
  if (Array.isArray(s.enum) && s.enum.every((o) => typeof o === "string")) return { kind: "enum", options: s.enum as string[] };
  if (type === "integer" || type === "number") return { kind: type, min: bound(s.minimum), max: bound(s.maximum) };
  if (type === "boolean") return { kind: "boolean" };
  if (type === "string") return { kind: name === "code" ? "code" : "text" };
  if (type === "array") {
    const items = asSchema(s.items);
    if (items.type === "number" || items.type === "integer") return { kind: "number-list" };
  }
  return { kind: "json" };
}

export function fieldsFor(schema: Schema): Field[] {
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([name, raw]) => {
    const s = asSchema(raw);
    return {
      name,
      label: typeof s.title === "string" ? s.title : labelOf(name),
      description: typeof s.description === "string" ? s.description : undefined,
      required: required.has(name),
      ...kindOf(name, s),
    };
  });
}

/** Parses "1, 2.5, 3" into numbers; null when any entry is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}
