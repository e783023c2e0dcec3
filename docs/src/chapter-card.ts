// The box at the top of every chapter page, drawn from chapter.json alone: what the learner
// will be able to do, the graded tasks with their points and lesson sections, the files to
// edit, the commands to run, and the hints (folded, because they give part of the answer away).
// It holds everything the README's generated "Start here" block says, which the book leaves out.
import type { Chapter } from '@scaling-lab/grader/course';
import { highlightBlock } from './markdown/highlight.ts';
import { chapterCommands, entryPoints, learnerFileGroups } from './start-here.ts';
import { escapeHtml } from './urls.ts';

/** `anchorHref` turns a lesson anchor into a link; it is undefined while the lesson is unwritten. */
export function chapterCard(chapter: Chapter, anchorHref?: (anchor: string) => string): string {
  const { meta, number } = chapter;
  const total = meta.tasks.reduce((sum, task) => sum + task.points, 0);
  const rows = meta.tasks
    .map((task) => {
      const title = escapeHtml(task.title);
      const linked = anchorHref ? `<a href="${escapeHtml(anchorHref(task.lesson))}">${title}</a>` : title;
      const stretch = task.stretch ? ' <span class="badge">stretch</span>' : '';
      return `<tr><td class="task-id">${task.id}</td><td>${linked}${stretch}</td><td class="num">${task.points}</td></tr>`;
    })
    .join('\n');
  const hints = meta.tasks.map((task) => `<dt>${task.id} · ${escapeHtml(task.title)}</dt><dd>${escapeHtml(task.hint)}</dd>`).join('\n');
  const commands = highlightBlock(chapterCommands(chapter).join('\n'), 'bash');
  const files = learnerFileGroups(meta)
    .map(([dir, names]) => `<li><code>${escapeHtml(dir)}</code> ${names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}</li>`)
    .join('');
  return `<section class="chapter-card" aria-label="Chapter ${number} at a glance">
<p class="chapter-summary"><span class="eyebrow">Chapter ${number}</span>${escapeHtml(meta.summary)}</p>
<p class="card-title">You will be able to</p>
<ul class="objectives">${meta.objectives.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>
<p class="card-title">Graded tasks <span class="card-note">${meta.tasks.length} tasks · ${total} points</span></p>
<div class="table-wrap"><table class="tasks">
<thead><tr><th>Task</th><th>What the grader checks</th><th class="num">Points</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<p class="card-title">Your files <span class="card-note">each marked <code>TODO(Tn)</code> where work is needed</span></p>
<ul class="card-files">${files}</ul>
<p class="card-entries">${entryPoints(meta, (text) => `<code>${escapeHtml(text)}</code>`, escapeHtml)}</p>
<p class="card-title">Run it</p>
${commands}
<details class="hints"><summary>Hints, one per task (the grader shows the same hint when a task fails)</summary>
<dl>
${hints}
</dl>
</details>
</section>
`;
}
