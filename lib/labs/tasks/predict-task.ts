/**
 * A "predict" task: the student commits to an outcome before the run; the run then shows
 * what happened and the grade compares. Its answer space is small and closed, so the verdict
 * table lists every possible prediction — exactly the right ones pass. (That only the first
 * graded prediction counts is the platform's rule: lib/people/counting.ts.)
 */
import type { VerdictCase } from "../types";

export interface Prediction {
  name: string;
  answer: unknown;
  /** Right predictions pass; a wrong one fails with a diagnosis containing `wrongIncludes`. */
  right: boolean;
  wrongIncludes?: string;
}

export function predictVerdictTable(predictions: Prediction[]): VerdictCase[] {
  if (!predictions.some((p) => p.right)) throw new Error("a predict task needs at least one right prediction");
  if (!predictions.some((p) => !p.right)) throw new Error("a predict task needs at least one wrong prediction");
  return predictions.map((p) => ({
    name: p.name,
    answer: p.answer,
    expected: p.right ? { verdict: "pass" } : { verdict: "fail", ...(p.wrongIncludes ? { diagnosisIncludes: p.wrongIncludes } : {}) },
  }));
}
