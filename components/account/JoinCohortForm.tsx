"use client";
import { JsonForm } from "./JsonForm";

export function JoinCohortForm() {
  return (
    <JsonForm action="/api/cohorts/join" submitLabel="Join" label="Join a cohort" success={(b) => `You joined ${(b.cohort as { name: string }).name}.`}>
      <label>
        Join code <input name="code" required placeholder="K7QM2XPA" autoComplete="off" spellCheck={false} />
      </label>
    </JsonForm>
  );
}
