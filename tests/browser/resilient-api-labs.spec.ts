/**
 * Each resilient-API lab runs one task from its chapter's embed to a grade, and its live view
 * changes while the run goes on: the history's operation count and the metric chart's points
 * take at least two different non-zero values before the grade arrives. What the view showed
 * is recorded by a MutationObserver on the runner (every rendered state, with the status line
 * and whether a grade is shown), and judged after the grade — never by polling the live DOM
 * at a precise moment, which loaded machines turned into flakes before.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUpInPage } from "./support/accounts";

/** A live panel's count: `lab-history`'s operations, `lab-metrics`' points, `lab-faults`' faults. */
type Counter = "ops" | "points" | "faults";

interface LiveState {
  at: number;
  status: string;
  ops: number | null;
  points: number | null;
  faults: number | null;
  graded: boolean;
}

interface LabCase {
  lab: string;
  /** The task's tab in the chapter's embed. */
  tab: RegExp;
  /** Fills in the answer in the selected task's panel; returns the code it typed, if any. */
  answer: (runner: Locator, page: Page) => Promise<string | void>;
  /** Live panels whose count must change during the run (before the grade). */
  watch: Counter[];
  /** Panels that must show something by the end (e.g. the fault the run injected). */
  shows?: Counter[];
  status: "passed" | "failed";
  /** Words the grade card's diagnosis must contain (for a failed run). */
  diagnosis?: string;
}

const CHAPTER = "/chapters/resilient-apis";

/** Types a stored solution into the task's code editor (what a student pastes). */
const typeSolution = (file: string) => async (runner: Locator, page: Page) => {
  const editor = runner.locator(".cm-content").first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  const code = readFileSync(file, "utf8");
  await page.keyboard.insertText(code);
  return code;
};

/** Code compared without whitespace: the editor may re-indent what it is given. */
const squeeze = (code: string) => code.replace(/\s+/g, "");

/** The diagnosis a stored wrong solution must get (its expected.json). */
const expectedDiagnosis = (dir: string, solution: string): string =>
  (JSON.parse(readFileSync(`${dir}/expected.json`, "utf8")) as Record<string, { diagnosisIncludes: string }>)[solution]!.diagnosisIncludes;

const CASES: LabCase[] = [
  {
    lab: "sliding-window",
    tab: /Write the sliding log/,
    answer: typeSolution("labs/sliding-window/solutions/implement/reference.ts"),
    watch: ["ops", "points"],
    shows: ["faults"],
    status: "passed",
  },
  {
    lab: "circuit-breaker",
    tab: /Write the breaker's state machine/,
    answer: typeSolution("labs/circuit-breaker/solutions/implement/reference.ts"),
    watch: ["ops", "points"],
    shows: ["faults"],
    status: "passed",
  },
  {
    lab: "retry-jitter",
    tab: /Write the retry delay/,
    answer: typeSolution("labs/retry-jitter/solutions/implement/reference.ts"),
    watch: ["ops", "points"],
    shows: ["faults"],
    status: "passed",
  },
  {
    lab: "idempotency",
    tab: /Make charges exactly-once/,
    answer: typeSolution("labs/idempotency/solutions/implement/reference.ts"),
    watch: ["ops", "points"],
    shows: ["faults"],
    status: "passed",
  },
  {
    lab: "sliding-window",
    tab: /Write the sliding log/,
    answer: typeSolution("labs/sliding-window/solutions/implement/wrong-fixed-window.ts"),
    watch: ["ops", "points"],
    status: "failed",
    diagnosis: expectedDiagnosis("labs/sliding-window/solutions/implement", "wrong-fixed-window"),
  },
];

/** Records every state the runner renders, from before Run is pressed until the test reads it. */
async function recordLiveStates(runner: Locator): Promise<void> {
  await runner.evaluate((root) => {
    const log: LiveState[] = [];
    (window as unknown as { __liveStates: LiveState[] }).__liveStates = log;
    const count = (testId: string, attr: string) => {
      const el = root.querySelector(`[data-testid="${testId}"]`);
      return el ? Number(el.getAttribute(attr)) : null;
    };
    const note = () => {
      const s: LiveState = {
        at: Math.round(performance.now()),
        status: root.querySelector('[data-testid="lab-status"]')?.textContent ?? "",
        ops: count("lab-history", "data-count"),
        points: count("lab-metrics", "data-points"),
        faults: count("lab-faults", "data-count"),
        graded: root.querySelector('[data-testid="lab-grade"]') !== null,
      };
      const last = log.at(-1);
      if (!last || last.status !== s.status || last.ops !== s.ops || last.points !== s.points || last.faults !== s.faults || last.graded !== s.graded) log.push(s);
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

for (const c of CASES) {
  test(`${c.lab}: a ${c.status === "passed" ? "right" : "wrong"} answer runs from the chapter to a ${c.status} grade, the live view changing during the run`, async ({ page, baseURL }) => {
    test.setTimeout(150_000);
    await signUpInPage(page, baseURL!, c.lab);
    await page.goto(CHAPTER);
    const runner = page.getByTestId("lab-runner").filter({ has: page.getByRole("tab", { name: c.tab }) });
    await expect(runner).toBeVisible({ timeout: 60_000 });
    const tab = runner.getByRole("tab", { name: c.tab });
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    const code = await c.answer(runner, page);

    await recordLiveStates(runner);
    const submitted = page.waitForRequest((r) => r.url().endsWith("/api/runs") && r.method() === "POST");
    await runner.getByRole("button", { name: "Run" }).click();
    const body = (await submitted).postDataJSON() as { labId: string; answer: { code?: string } };
    expect(body.labId).toBe(c.lab);
    if (code) expect(squeeze(body.answer.code ?? ""), "the run got the solution as typed").toBe(squeeze(code));
    const grade = runner.getByTestId("lab-grade");
    // A run takes up to ~30 s on a loaded machine, after waiting for the worker.
    await expect(grade).toBeVisible({ timeout: 120_000 });
    await expect(grade, (await grade.textContent()) ?? "").toHaveAttribute("data-status", c.status);
    if (c.diagnosis) await expect(grade.locator(".lab-grade-diagnosis")).toContainText(c.diagnosis);

    const states = await page.evaluate(() => (window as unknown as { __liveStates: LiveState[] }).__liveStates);
    const live = states.filter((s) => !s.graded && s.status.startsWith("Running"));
    const trace = JSON.stringify(states.map(({ at, status, ops, points, faults, graded }) => [at, status, ops, points, faults, graded]));
    // One line per run in the report: how much the view moved, for judging margins later.
    console.log(`${c.lab} (${c.status}): ${live.length} live states; ${c.watch.map((k) => `${k} ${new Set(live.map((s) => s[k])).size} values`).join(", ")}; final ${JSON.stringify(states.at(-1))}`);
    for (const counter of c.watch) {
      const seen = new Set(live.map((s) => s[counter]).filter((n): n is number => n !== null && n > 0));
      expect(seen.size, `${counter} took ${seen.size} non-zero value(s) while running, before the grade; states: ${trace}`).toBeGreaterThanOrEqual(2);
    }
    const final = states.at(-1)!;
    expect(final.graded).toBe(true);
    for (const counter of [...c.watch, ...(c.shows ?? [])]) expect(final[counter], `${counter} at the end; states: ${trace}`).toBeGreaterThan(0);
    await runner.screenshot({ path: `test-results/${c.lab}-${c.status}-live.png` });
  });
}
