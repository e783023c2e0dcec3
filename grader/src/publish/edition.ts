// Which edition of the course a checkout is: the publisher marks the learner and solutions
// editions in the root package.json ("scalingLab": { "edition": ... }); the course author's
// repository has no mark. The grader can read it to label what `src/` holds: on the solutions
// edition, the reference code.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type CheckoutEdition = 'author' | 'learner' | 'solutions';

export function readEdition(root: string): CheckoutEdition {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scalingLab?: { edition?: unknown } };
    const edition = manifest.scalingLab?.edition;
    return edition === 'learner' || edition === 'solutions' ? edition : 'author';
  } catch {
    return 'author';
  }
}
