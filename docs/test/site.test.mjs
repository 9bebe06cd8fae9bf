// Checks the built docs site (docs/.vitepress/dist) as a reader gets it: the pages are there, the
// getting-started page gives the two commands, every sidebar link opens a built page, and nothing
// is loaded from another origin. Runs after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));

function built(name) {
  const path = dist + name;
  assert.ok(existsSync(path), `${path} is missing: run the build first (pnpm --dir docs run build).`);
  return readFileSync(path, 'utf8');
}

/** What a reader reads: the page's text without tags, entities decoded. */
function textOf(html) {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The site data VitePress inlines into every page: `window.__VP_SITE_DATA__=JSON.parse("...")`. */
function siteData(html) {
  const match = /__VP_SITE_DATA__=JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(html);
  assert.ok(match, 'no __VP_SITE_DATA__ in the built page; has VitePress changed how it inlines site data?');
  return JSON.parse(JSON.parse(match[1]));
}

function sidebarLinks(items) {
  return items.flatMap((item) => [...(item.link ? [item.link] : []), ...sidebarLinks(item.items ?? [])]);
}

/** The built file a site link opens: `/guide/x` -> guide/x.html, `/decisions/` -> decisions/index.html. */
function fileFor(link) {
  const path = link.replace(/[#?].*$/, '').replace(/^\//, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  return path.endsWith('.html') ? path : `${path}.html`;
}

test('the home page is built', () => {
  const home = built('index.html');
  assert.match(home, /<title>Surgery Video SDK<\/title>/);
  assert.ok(textOf(home).includes('Getting started'), 'the home page has no "Getting started" action');
});

test('getting started gives the two commands', () => {
  const text = textOf(built('guide/getting-started.html'));
  assert.ok(text.includes('npm start'), 'guide/getting-started.html does not mention `npm start`');
  assert.ok(text.includes('npm test'), 'guide/getting-started.html does not mention `npm test`');
});

test('every sidebar link opens a built page', () => {
  const page = built('guide/getting-started.html');
  const { sidebar } = siteData(page).themeConfig;
  const links = sidebarLinks(Array.isArray(sidebar) ? sidebar : Object.values(sidebar).flat());
  assert.ok(links.length >= 8, `expected the Guide, Reference and Decisions links, got: ${links.join(', ')}`);

  const missing = links.filter((link) => !existsSync(dist + fileFor(link)));
  assert.deepEqual(missing, [], `sidebar links with no built page: ${missing.join(', ')}`);

  const aside = /<aside class="VPSidebar[\s\S]*?<\/aside>/.exec(page)?.[0] ?? '';
  const rendered = [...aside.matchAll(/href="([^"]+)"/g)].map((m) => fileFor(m[1]));
  for (const link of links) {
    assert.ok(rendered.includes(fileFor(link)), `the rendered sidebar has no link to ${link}`);
  }
});

test('no script, stylesheet or font comes from another origin', () => {
  for (const page of ['index.html', 'guide/getting-started.html']) {
    const html = built(page);
    const remote = [
      ...html.matchAll(/<script\b[^>]*\bsrc="((?:https?:)?\/\/[^"]+)"/gi),
      ...html.matchAll(/<link\b[^>]*\bhref="((?:https?:)?\/\/[^"]+)"/gi),
    ].map((m) => m[1]);
    assert.deepEqual(remote, [], `${page} loads from another origin: ${remote.join(', ')}`);
  }
});
