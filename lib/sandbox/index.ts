export { createSandbox, type Sandbox, type SandboxOptions } from "./sandbox";
export { compileStudentCode } from "./compile";
export { SandboxCodeError, SandboxLimitError, type SandboxLimit } from "./errors";
export { boundJson, boundText, STUDENT_TEXT_LIMIT } from "./bounded-text";
