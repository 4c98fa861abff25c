/**
 * The instructor's cohort page in a browser: "New join code" replaces the code (the old one
 * stops working) and "Remove" takes a student out of the cohort.
 */
import { expect, test } from "@playwright/test";
import { createCohort, DEMO_ADMIN, fakeIp, promote, signIn, signUp } from "./support/accounts";

test("an instructor rotates the join code and removes a student from the cohort page", async ({ browser, baseURL }) => {
  const admin = await signIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const teacher = await signUp(baseURL!, "rotator");
  await promote(admin, teacher.email, "instructor");
  const cohort = await createCohort(teacher.api, "Rotation class");
  const student = await signUp(baseURL!, "leaver");
  expect((await student.api.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).status()).toBe(200);

  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": fakeIp() } });
  const page = await context.newPage();
  const signedIn = await page.request.post("/api/auth/sign-in/email", { data: { email: teacher.email, password: teacher.password }, headers: { origin: baseURL! } });
  expect(signedIn.status()).toBe(200);
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`/instructor/cohorts/${cohort.id}`);
  await expect(page.getByTestId("join-code")).toHaveText(cohort.joinCode);
  await expect(page.getByTestId("gradebook")).toContainText(student.name);

  await page.getByTestId("rotate-join-code").click();
  await expect(page.getByTestId("join-code")).not.toHaveText(cohort.joinCode);
  const newCode = (await page.getByTestId("join-code").textContent())!.trim();
  const newcomer = await signUp(baseURL!, "newcomer");
  expect((await newcomer.api.post("/api/cohorts/join", { data: { code: cohort.joinCode } })).status()).toBe(404);
  expect((await newcomer.api.post("/api/cohorts/join", { data: { code: newCode } })).status()).toBe(200);

  await page.getByRole("row").filter({ hasText: student.name }).getByTestId("remove-member").click();
  await expect(page.getByTestId("gradebook")).not.toContainText(student.name);
  await expect(page.getByTestId("gradebook")).toContainText(newcomer.name);
  await context.close();
});
