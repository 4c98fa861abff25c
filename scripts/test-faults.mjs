import { run } from "./bootstrap.mjs";

run("test-faults.ts");
