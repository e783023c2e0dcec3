import { describe, expect, it } from 'vitest';
import { checkLinks, type OutputDoc } from '../src/check-links.ts';

const doc = (id: string, file: string, html: string): OutputDoc => ({ id, file, html, source: `${file} source` });

describe('checkLinks', () => {
  const home = doc('', 'index.html', '<h1 id="top">Home</h1><a href="guide/#setup">guide</a><a href="./">self</a><img src="assets/logo.svg">');
  const guide = doc('guide', 'guide/index.html', '<h2 id="setup">Setup</h2><a href="../#top">home</a><a href="#setup">here</a><a href="https://example.test/x#y">out</a>');

  it('accepts pages, anchors, files and external links that resolve', () => {
    expect(checkLinks([home, guide], ['assets/logo.svg'])).toEqual([]);
  });

  it('reports a missing page, a missing file and a missing anchor, each once', () => {
    const broken = doc('guide', 'guide/index.html', '<h2 id="setup">Setup</h2><a href="../nowhere/">a</a><a href="../nowhere/">again</a><img src="../missing.png"><a href="#nope">b</a>');
    expect(checkLinks([home, broken], ['assets/logo.svg'])).toEqual([
      'guide/index.html source: link "../nowhere/" is broken: the book has no nowhere/index.html',
      'guide/index.html source: link "../missing.png" is broken: the book has no missing.png',
      'guide/index.html source: link "#nope" is broken: guide/index.html has no heading or element with id "nope"',
    ]);
  });

  it('does not let a link climb out of the book', () => {
    const escaping = doc('', 'index.html', '<a href="../../etc/passwd">x</a>');
    expect(checkLinks([escaping], [])).toHaveLength(1);
  });
});
