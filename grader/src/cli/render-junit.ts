// JUnit XML for classroom CI (GitHub Actions test reporters, GitLab, Jenkins): a testsuite per
// chapter, a testcase per test, named "T3 <task title> > <test name>".
import type { GradeReport } from '../runner/report.ts';

const escapeXml = (text: string) =>
  text
    // Characters XML 1.0 cannot hold at all (a learner's program may print anything).
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function renderJunit(report: GradeReport): string {
  const suites = report.chapters.map((chapter) => {
    const cases = chapter.tasks.flatMap((task) =>
      task.tests.map((test) => {
        const name = escapeXml(`${task.id} ${task.title} > ${test.name}`);
        const open = `    <testcase classname="${escapeXml(chapter.id)}" name="${name}" time="${(test.durationMs / 1000).toFixed(3)}"`;
        if (test.status === 'passed') return `${open}/>`;
        if (test.status === 'skipped') return `${open}><skipped/></testcase>`;
        const output = (test.outputs ?? []).map((o) => `--- ${o.name} ---\n${o.text}`).join('\n');
        const detail = `${test.message ?? ''}\nhint: ${task.hint}\nread: ${task.lesson}`;
        return `${open}>\n      <failure message="${escapeXml(test.message ?? 'failed')}">${escapeXml(detail)}</failure>${output ? `\n      <system-out>${escapeXml(output)}</system-out>` : ''}\n    </testcase>`;
      }),
    );
    const tests = chapter.tasks.reduce((n, t) => n + t.tests.length, 0);
    const failures = chapter.tasks.reduce((n, t) => n + t.tests.filter((x) => x.status === 'failed').length, 0);
    return `  <testsuite name="${escapeXml(`${chapter.id} ${chapter.title}`)}" tests="${tests}" failures="${failures}" time="${(chapter.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Scaling Lab" tests="${report.chapters.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
