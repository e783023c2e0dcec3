// The course diagrams are hand-written SVG: each must stand alone on GitHub (own style, dark
// variant, no external references) and use only classes the book's stylesheet also styles.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../diagrams/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.svg'));
const bookCss = readFileSync(new URL('../client/content.css', import.meta.url), 'utf8');
const styledInBook = new Set([...bookCss.matchAll(/\.diagram-svg \.([a-z-]+)/g)].map((m) => m[1]!));

describe('course diagrams', () => {
  it('cover the stack and every layer', () => {
    for (const name of ['stack-overview', 'reverse-proxy', 'load-balancer', 'cache-and-cdn', 'leader-followers', 'failover']) {
      expect(files).toContain(`${name}.svg`);
    }
  });

  describe.each(files)('%s', (file) => {
    const svg = readFileSync(new URL(file, DIR), 'utf8');

    it('has a title, a description and a viewBox', () => {
      expect(svg).toMatch(/<svg [^>]*viewBox="0 0 \d+ \d+"/);
      expect(svg).toMatch(/<title>[^<]+<\/title>/);
      expect(svg).toMatch(/<desc>[^<]+<\/desc>/);
    });

    it('references nothing outside itself', () => {
      const withoutNamespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', '');
      expect(withoutNamespace).not.toMatch(/https?:|<image|@import|xlink:href="[^#]/);
    });

    it('reads in both themes on GitHub: its own style has a dark variant', () => {
      expect(svg).toMatch(/<style>[\s\S]*@media \(prefers-color-scheme: dark\)[\s\S]*<\/style>/);
    });

    it('escapes its text', () => {
      for (const [, text] of svg.matchAll(/<text[^>]*>([^]*?)<\/text>/g)) expect(text).not.toMatch(/<|&(?![a-z]+;|#\d+;)/);
    });

    it('uses only classes the book styles, so it follows the theme once inlined', () => {
      const used = new Set([...svg.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1]!.split(/\s+/)));
      expect([...used].filter((c) => !styledInBook.has(c))).toEqual([]);
    });
  });
});
