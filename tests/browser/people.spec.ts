/**
 * The whole class loop in a real browser: an instructor makes a cohort; a new student signs
 * up, joins it, runs a lab task in its chapter and sees their progress; the instructor sees
 * the attempt in the gradebook and downloads a CSV whose rows are checked.
 */
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_ADMIN, fakeIp } from "./support/accounts";
import { runTokenBucketConfigure } from "./support/token-bucket-form";

test("sign up, join a cohort, run a lab, see progress; the instructor's gradebook and CSV show it", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const headers = (ip: string) => ({ extraHTTPHeaders: { "x-forwarded-for": ip } });

  // The instructor creates a cohort from the UI.
  const teacherContext = await browser.newContext({ baseURL, ...headers(fakeIp()) });
  const teacher = await teacherContext.newPage();
  await teacher.goto("/sign-in");
  await teacher.getByLabel("Email").fill(DEMO_ADMIN.email);
  await teacher.getByLabel("Password").fill(DEMO_ADMIN.password);
  await teacher.getByRole("button", { name: "Sign in" }).click();
  await expect(teacher).toHaveURL(/\/dashboard/);
  await teacher.goto("/instructor");
  const cohortName = `Browser class ${randomUUID().slice(0, 6)}`;
  await teacher.getByLabel("Name").fill(cohortName);
  await teacher.getByRole("button", { name: "Create cohort" }).click();
  await expect(teacher.getByRole("status")).toContainText(`Created ${cohortName}: join code`);
  const row = teacher.getByRole("row").filter({ hasText: cohortName });
  const joinCode = (await row.getByTestId("join-code").textContent())!.trim();
  expect(joinCode).toMatch(/^[A-Z0-9]{8}$/);

  // A new student signs up and joins.
  const studentContext = await browser.newContext({ baseURL, ...headers(fakeIp()) });
  const student = await studentContext.newPage();
  const email = `student-${randomUUID().slice(0, 8)}@test.faultline.local`;
  await student.goto("/sign-up");
  await student.getByLabel("Name").fill("Browser Student");
  await student.getByLabel("Email").fill(email);
  await student.getByLabel("Password").fill("a-long-password-123");
  await student.getByRole("button", { name: "Create account" }).click();
  await expect(student).toHaveURL(/\/dashboard/);
  // The header follows the sign-in without a reload.
  await expect(student.getByRole("navigation", { name: "Account" })).toContainText("Browser Student");
  await student.getByLabel("Join code").fill(joinCode.toLowerCase());
  await student.getByRole("button", { name: "Join" }).click();
  await expect(student.getByRole("status")).toContainText(`You joined ${cohortName}`);

  // The student runs the token-bucket lab's configure task from its chapter.
  await student.goto("/chapters/resilient-apis");
  const runner = await runTokenBucketConfigure(student);
  const grade = runner.getByTestId("lab-grade");
  await expect(grade).toBeVisible({ timeout: 150_000 });
  const verdict = await grade.getAttribute("data-status");

  // Their dashboard shows the attempt and the run can be opened and replayed.
  await student.goto("/dashboard");
  const taskRow = student.locator('[data-task="token-bucket/configure"]');
  await expect(taskRow).toContainText(verdict === "passed" ? "passed" : "failed");
  await expect(taskRow.locator("td").nth(2)).toHaveText("1");
  await student.getByTestId("runs-table").getByRole("link").first().click();
  await expect(student).toHaveURL(/\/runs\//);
  await expect(student.getByTestId("lab-grade")).toBeVisible({ timeout: 30_000 });
  await expect(student.getByTestId("lab-history")).not.toHaveAttribute("data-count", "0");

  // The instructor sees it in the gradebook and downloads the CSV.
  await teacher.goto("/instructor");
  await teacher.getByRole("link", { name: cohortName }).click();
  const cell = teacher.locator(`[data-cell="${email}|token-bucket/configure"]`);
  await expect(cell).toContainText(verdict === "passed" ? "pass" : "fail");
  await expect(cell).toContainText("×1");
  const [download] = await Promise.all([teacher.waitForEvent("download"), teacher.getByTestId("csv-link").click()]);
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe('"student_name","student_email","lab","task","attempts","passed","last_diagnosis","task_pass_rate","practice_runs"');
  const studentRow = lines.find((l) => l.includes(email) && l.includes('"token-bucket","configure"'));
  expect(studentRow).toBeDefined();
  expect(studentRow).toContain(`"Browser Student","${email}","token-bucket","configure","1","${verdict === "passed" ? "yes" : "no"}"`);
  // One row per student × task, and only this cohort's student.
  expect(lines.filter((l) => l.includes(email)).length).toBe(lines.length - 1);

  await teacherContext.close();
  await studentContext.close();
});
