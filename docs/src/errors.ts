// Expected build failures: a broken link, a page without a title, a missing file. Each carries
// every problem found, so one pass of fixes is enough; anything else is a bug in the builder.

export class BuildError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length === 0 ? message : `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BuildError';
  }
}
