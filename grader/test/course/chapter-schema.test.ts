import { describe, expect, it } from 'vitest';
import { MetadataError, parseChapterMeta } from '../../src/course/chapter-schema.ts';

const valid = {
  title: 'A chapter',
  summary: 'What it builds.',
  objectives: ['One thing.'],
  entry: 'main.ts',
  learnerFiles: ['main.ts'],
  tasks: [{ id: 'T1', title: 'First', points: 5, hint: 'A hint long enough to help.', lesson: 't1-first' }],
};

describe('chapter.json validation', () => {
  it('accepts a valid chapter and fills in defaults', () => {
    const meta = parseChapterMeta(valid, 'chapter.json');
    expect(meta.entries).toEqual({ main: 'main.ts' });
    expect(meta.stubFloor).toBe(0);
    expect(meta.tasks[0]!.stretch).toBe(false);
  });

  it('caps each learner program at 512 MiB unless the chapter asks for more', () => {
    expect(parseChapterMeta(valid, 'chapter.json').memoryLimitMiB).toBe(512);
    expect(parseChapterMeta({ ...valid, memoryLimitMiB: 1024 }, 'chapter.json').memoryLimitMiB).toBe(1024);
    for (const memoryLimitMiB of [64, 300.5, '1024']) {
      expect(() => parseChapterMeta({ ...valid, memoryLimitMiB }, 'chapter.json')).toThrow('memoryLimitMiB must be a whole number >= 128');
    }
  });

  it('accepts named entry points', () => {
    const meta = parseChapterMeta({ ...valid, entry: { main: 'lb.ts', registry: 'registry.ts' } }, 'chapter.json');
    expect(meta.entries).toEqual({ main: 'lb.ts', registry: 'registry.ts' });
  });

  it('lists every problem at once, each with where it is', () => {
    const broken = {
      ...valid,
      title: '',
      colour: 'blue',
      tasks: [
        { id: 'T1', title: 'First', points: 0, hint: 'h', lesson: '#t1' },
        { id: 'T3', title: 'Third', points: 2, hint: 'h', lesson: 't3', extra: true },
      ],
    };
    let error: MetadataError | undefined;
    try {
      parseChapterMeta(broken, 'chapters/09-x/chapter.json');
    } catch (e) {
      error = e as MetadataError;
    }
    expect(error).toBeInstanceOf(MetadataError);
    expect(error!.problems).toEqual([
      'the file has an unknown field "colour"',
      'tasks[0].lesson is an anchor name: drop the "#"',
      'tasks[0].points must be a whole number >= 1',
      'tasks[1] has an unknown field "extra"',
      'tasks[1].id is "T3"; tasks are numbered T1, T2, ... in order',
      'title must be a non-empty string',
    ]);
    expect(error!.message).toMatch(/^chapters\/09-x\/chapter.json is not valid chapter metadata:\n {2}- /);
  });

  it('accepts needs on earlier tasks only', () => {
    const second = { id: 'T2', title: 'Second', points: 5, hint: 'A hint long enough to help.', lesson: 't2-second' };
    const meta = parseChapterMeta({ ...valid, tasks: [...valid.tasks, { ...second, needs: ['T1'] }] }, 'chapter.json');
    expect(meta.tasks.map((t) => t.needs)).toEqual([[], ['T1']]);
    for (const needs of [['T2'], ['T3'], [1]]) {
      expect(() => parseChapterMeta({ ...valid, tasks: [...valid.tasks, { ...second, needs }] }, 'chapter.json')).toThrow(MetadataError);
    }
  });
});
