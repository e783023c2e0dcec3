// Code highlighting at build time with highlight.js: the browser receives coloured spans and
// runs no highlighter. Colours come from the book's stylesheet, one set per theme.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import diff from 'highlight.js/lib/languages/diff';
import http from 'highlight.js/lib/languages/http';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { escapeHtml } from '../urls.ts';

const LANGUAGES = { bash, diff, http, ini, javascript, json, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(['sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['console', 'shell-session'], { languageName: 'shell' });
hljs.registerAliases(['jsonc', 'json5'], { languageName: 'json' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });

// The print page renders every page a second time: highlight each block once.
const cache = new Map<string, string>();

/** A whole `<pre>` block; markdown-it uses it as is because it starts with `<pre`. */
export function highlightBlock(code: string, info: string): string {
  const lang = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const key = `${lang}\u0000${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const known = lang !== '' && hljs.getLanguage(lang) !== undefined;
  const body = known ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);
  const label = lang && !['text', 'txt', 'plaintext'].includes(lang) ? ` data-lang="${escapeHtml(lang)}"` : '';
  const html = `<pre class="code"${label}><code class="hljs${known ? ` language-${lang}` : ''}">${body}</code></pre>`;
  cache.set(key, html);
  return html;
}
