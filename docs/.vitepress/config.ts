/**
 * The docs site: guides written by hand, reference pages that state the public contract
 * (DESIGN.md), and the decision records in docs/decisions/. Built offline: no remote fonts, no
 * CDN, no analytics; search is VitePress's local index.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';

const decisionsDir = fileURLToPath(new URL('../decisions/', import.meta.url));

/** Decision records are `NNNN-title.md`; each one shows in the sidebar under its `# ` heading. */
function decisionRecords(): DefaultTheme.SidebarItem[] {
  if (!existsSync(decisionsDir)) return [];
  return readdirSync(decisionsDir)
    .filter((name) => /^\d{4}-.+\.md$/.test(name))
    .sort()
    .map((name) => {
      const heading = /^#\s+(.+)$/m.exec(readFileSync(decisionsDir + name, 'utf8'));
      return { text: heading?.[1]?.trim() ?? name.replace(/\.md$/, ''), link: `/decisions/${name.replace(/\.md$/, '')}` };
    });
}

const guide: DefaultTheme.SidebarItem = {
  text: 'Guide',
  items: [
    { text: 'Getting started', link: '/guide/getting-started' },
    { text: 'Local stack', link: '/guide/local-stack' },
    { text: 'Architecture', link: '/guide/architecture' },
    { text: 'Review workflow', link: '/guide/review-workflow' },
    { text: 'Identity for a host portal', link: '/guide/host-portal-identity' },
    { text: 'AWS storage (S3)', link: '/guide/aws-storage' },
    { text: 'AWS live (MediaLive, MediaPackage)', link: '/guide/aws-live' },
    { text: 'AWS render and review (MediaConvert, Step Functions)', link: '/guide/aws-render-and-workflow' },
    { text: 'Deploying on AWS (CDK, costs, HIPAA)', link: '/guide/aws-deployment' },
  ],
};

const reference: DefaultTheme.SidebarItem = {
  text: 'Reference',
  items: [
    { text: 'Player', link: '/reference/player' },
    { text: 'Editor', link: '/reference/editor' },
    { text: 'Client & HTTP API', link: '/reference/client' },
    { text: 'HTTP API routes', link: '/reference/api' },
    { text: 'Server kit', link: '/reference/server-kit' },
  ],
};

const decisions: DefaultTheme.SidebarItem = {
  text: 'Decisions',
  items: [{ text: 'About decision records', link: '/decisions/' }, ...decisionRecords()],
};

export default defineConfig({
  title: 'Surgery Video SDK',
  description: 'Live and recorded surgical video: player, clip editor, review workflow, on AWS or on one machine.',
  lang: 'en',
  cleanUrls: false,
  lastUpdated: false,
  srcExclude: ['test/**', '**/README.md'],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/guide/' },
      { text: 'Reference', link: '/reference/player', activeMatch: '^/reference/' },
      { text: 'Decisions', link: '/decisions/', activeMatch: '^/decisions/' },
    ],
    sidebar: [guide, reference, decisions],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
});
