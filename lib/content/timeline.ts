/**
 * `<Timeline ops={[…]} caption="…" />` in a chapter: a history of overlapping operations drawn
 * with the same component the labs use for a run's history. One schema for both sides: the
 * authoring check validates the literal in the source, the page validates what it receives.
 */
import { z } from "zod";

const json: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

export const timelineOpSchema = z.strictObject({
  /** The lane, drawn as p1, p2, …: one per client. */
  process: z.number().int().min(1).max(20),
  f: z.string().min(1).max(20),
  value: json.optional(),
  /** Milliseconds on the example's own clock. */
  start: z.number().min(0),
  /** null: never completed (an unknown outcome). */
  end: z.number().min(0).nullable(),
  outcome: z.enum(["ok", "fail", "info"]).default("ok"),
});

export const timelinePropsSchema = z
  .strictObject({
    ops: z.array(timelineOpSchema).min(1).max(60),
    caption: z.string().max(300).optional(),
  })
  .superRefine(({ ops }, ctx) => {
    ops.forEach((op, i) => {
      if (op.end !== null && op.end < op.start) ctx.addIssue({ code: "custom", path: ["ops", i, "end"], message: `ends (${op.end}) before it starts (${op.start})` });
    });
  });

export type TimelineProps = z.input<typeof timelinePropsSchema>;

/** One line per problem, naming the field: `ops[2].end: ends (3) before it starts (5)`. */
export function timelineProblems(props: unknown): string[] {
  const parsed = timelinePropsSchema.safeParse(props);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    return `${where || "props"}: ${issue.message}`;
  });
}

type EstreeNode = { type: string; [key: string]: unknown };

/**
 * The value of a literal written in the chapter (arrays, objects, strings, numbers, booleans,
 * null, negative numbers), read from the MDX expression's syntax tree without running it.
 * Anything else (a variable, a call, a template with `${…}`) is an authoring error.
 */
export function literalValue(node: EstreeNode): unknown {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "ArrayExpression":
      return (node.elements as (EstreeNode | null)[]).map((e) => (e ? literalValue(e) : null));
    case "ObjectExpression": {
      const out: Record<string, unknown> = {};
      for (const prop of node.properties as EstreeNode[]) {
        const key = prop.key as EstreeNode | undefined;
        if (prop.type !== "Property" || prop.computed || !key) throw new Error("only plain `key: value` pairs are allowed in a literal");
        const name = key.type === "Identifier" ? (key.name as string) : String(key.value);
        out[name] = literalValue(prop.value as EstreeNode);
      }
      return out;
    }
    case "UnaryExpression":
      if (node.operator === "-" && (node.argument as EstreeNode).type === "Literal") return -(literalValue(node.argument as EstreeNode) as number);
      break;
    case "Identifier":
      if (node.name === "undefined") return undefined;
      break;
    case "TemplateLiteral":
      if ((node.expressions as unknown[]).length === 0) return ((node.quasis as { value: { cooked: string } }[])[0]?.value.cooked) ?? "";
      break;
  }
  throw new Error(`write a literal value here, not ${node.type === "Identifier" ? `the name "${String(node.name)}"` : `an expression (${node.type})`}`);
}
