// `node --import tsx grader/src/publish/classroom-report-cli.ts <report.json>`, run by the learner
// edition's GitHub Classroom workflow: prints one NAME_RESULTS=<base64> line per task for
// $GITHUB_ENV, read by the autograding reporter (see classroom-report.ts). It lives in grader/src
// on purpose: the suites digest covers it, so a copy that edits it is refused by the grade step.
import { existsSync, readFileSync } from 'node:fs';
import { listChapters } from '../course/chapters.ts';
import { classroomResults, envLines, expectedTasks, parseReport } from './classroom-report.ts';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: classroom-report-cli.ts <report.json>\n');
  process.exit(2);
}
const { report, problem } = parseReport(existsSync(file) ? readFileSync(file, 'utf8') : undefined);
const expected = expectedTasks(listChapters());
process.stdout.write(envLines(classroomResults(report, expected, problem)));
if (problem) process.stderr.write(`classroom-report: ${problem}\n`);
