// The learner edition's GitHub Classroom workflow (.github/workflows/classroom.yml). On every push
// it grades the whole course on GitHub's runner, pinned to the published chapter digests, and
// hands each task's points to Classroom's autograding reporter. The shape (workflow name
// "Autograding Tests", permissions, the github-classroom[bot] guard, the reporter step) follows
// the workflow GitHub Classroom itself generates, so Classroom picks up the points.
import { MANIFEST_SCHEMA } from '../runner/suites-manifest.ts';
import { type ExpectedTask, runnerId } from './classroom-report.ts';

export const WORKFLOW_PATH = '.github/workflows/classroom.yml';

export function classroomWorkflow(digests: Record<string, string>, tasks: ExpectedTask[]): string {
  for (const [chapter, digest] of Object.entries(digests)) {
    if (!/^[\w-]+$/.test(chapter) || !/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not a chapter digest: ${chapter} "${digest}"`);
  }
  // One line of JSON inside a quoted heredoc: nothing in it is expanded by the shell.
  const manifest = JSON.stringify({ schema: MANIFEST_SCHEMA, version: 1, chapters: digests });
  const runners = tasks.map((t) => runnerId(t.chapter, t.id)).join(',');
  return `# Written by "npm run publish:branches" for this edition of the course; edit the generator
# (grader/src/publish/classroom-workflow.ts), not this file.
# On every push: install, grade every chapter with the published hidden suites (a copy whose
# grading/, chapter.json or grader/ differ from them is refused: --expect-suites), and report
# each task's points to GitHub Classroom.
name: Autograding Tests
'on':
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Node.js
        uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - name: Install
        run: npm ci --no-audit --no-fund
      - name: Grade every chapter
        # Exit 1 (some tasks fail) and exit 2 (could not grade) both leave a JSON report: the
        # next step turns either into points, so this step does not stop the job.
        run: |
          cat > "$RUNNER_TEMP/suites-manifest.json" <<'MANIFEST'
          ${manifest}
          MANIFEST
          npm run --silent grade -- --all --expect-suites "$RUNNER_TEMP/suites-manifest.json" --json > grade-report.json || true
      - name: Convert the report for GitHub Classroom
        run: node --import tsx grader/src/publish/classroom-report-cli.ts grade-report.json >> "$GITHUB_ENV"
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        with:
          runners: ${runners}
`;
}
