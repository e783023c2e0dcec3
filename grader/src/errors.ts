// Expected failures of the grader: each says what happened and what to do next, and maps to
// exit code 2 ("the grader could not run"). Anything else is a bug and keeps its stack.

export class LabError extends Error {
  constructor(
    message: string,
    /** One short sentence telling the user what to do about it. */
    readonly next?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command line was wrong: unknown flag, unknown chapter, missing value. */
export class UsageError extends LabError {}

/** The machine or checkout is not ready: a dependency is missing, a file is not where it belongs. */
export class SetupError extends LabError {}

/** A hidden suite does not match its chapter's metadata or its recorded checksum. */
export class SuiteError extends LabError {}
