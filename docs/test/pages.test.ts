import { describe, expect, it } from 'vitest';
import { firstHeading, loadPages, navLabel } from '../src/pages.ts';
import { FIXTURE } from './support/fixture.ts';

describe('page order', () => {
  it('follows the parts, then folder numbers and file numbers, never names', () => {
    const pages = loadPages(FIXTURE);
    expect(pages.map((p) => p.id)).toEqual(['', 'chapters/01-zeta', 'chapters/02-alpha', 'concepts/why', 'concepts/also', 'appendix/glossary']);
  });

  it('takes chapter titles from chapter.json and page titles from their first heading', () => {
    const pages = loadPages(FIXTURE);
    expect(pages.map(navLabel)).toEqual(['Welcome to the fixture', '01 · Zeta comes first', '02 · Alpha comes second', 'Why it matters', 'Also a concept', 'Glossary']);
  });

  it('leaves out a chapter folder without chapter.json, with a warning', () => {
    const warnings: string[] = [];
    loadPages(FIXTURE, warnings);
    expect(warnings).toEqual(['chapters/03-draft has no chapter.json yet: it is left out of the book']);
  });

  it('finds the first level-one heading outside code fences', () => {
    expect(firstHeading('```\n# not this\n```\n\n# The `title` #\n')).toBe('The title');
    expect(firstHeading('## only a subheading')).toBeUndefined();
  });
});
