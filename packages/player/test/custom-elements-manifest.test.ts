/**
 * custom-elements.json (`pnpm run analyze`, read by the docs and Storybook) against the element
 * itself: what `<surgery-player>` really has is read from the class (its reactive properties,
 * accessors and methods), its styles (`:host([attr])` selectors, `var(--surgery-*)`), its
 * templates (`part`s) and its event classes. The manifest must list exactly that, and
 * docs/reference/player.md must name each one.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { MEDIA_EVENTS } from '../src/events/media-events.js';
import { SurgeryPlayer } from '../src/player.component.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = readFileSync(join(root, '../../docs/reference/player.md'), 'utf8');

interface Named {
  name: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
  default?: string;
}
interface Declaration {
  tagName?: string;
  attributes?: Named[];
  members?: Named[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}

const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Declaration[] }[] };
const player = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'surgery-player');

/** Global HTML attributes the styles honour (`:host([hidden])`): every element's, not this one's. */
const GLOBAL_ATTRIBUTES = new Set(['hidden']);
/** Lit's lifecycle, protected: on the prototype, but not the element's API. */
const LIFECYCLE = new Set(['constructor', 'willUpdate', 'update', 'updated', 'firstUpdated', 'render', 'connectedCallback', 'disconnectedCallback']);

function sources(dir = join(root, 'src')): Array<{ file: string; text: string }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}
const code = sources();

const reactive = Object.entries(SurgeryPlayer.properties as Record<string, { attribute?: string | boolean; state?: boolean }>).filter(([, options]) => !options.state);
const prototype = SurgeryPlayer.prototype as unknown as Record<string, unknown>;
const own = Object.getOwnPropertyNames(prototype).filter((name) => !LIFECYCLE.has(name));
const accessors = own.filter((name) => Object.getOwnPropertyDescriptor(prototype, name)!.get);

const real = {
  attributes: new Set([
    ...reactive.filter(([, options]) => options.attribute !== false).map(([name, options]) => (typeof options.attribute === 'string' ? options.attribute : name.toLowerCase())),
    // Styling attributes: read by the styles only.
    ...(SurgeryPlayer.styles as { cssText: string }[]).flatMap(({ cssText }) => [...cssText.matchAll(/:host\(\[([a-z-]+)/g)].map((match) => match[1]!).filter((name) => !GLOBAL_ATTRIBUTES.has(name))),
  ]),
  properties: new Set([...reactive.map(([name]) => name), ...accessors]),
  methods: new Set(own.filter((name) => typeof Object.getOwnPropertyDescriptor(prototype, name)!.value === 'function')),
  events: new Set([...MEDIA_EVENTS, ...code.flatMap(({ file, text }) => (file.includes('/events/') ? [...text.matchAll(/super\('([a-z]+)'/g)].map((match) => match[1]!) : []))]),
  parts: new Set(
    code.flatMap(({ text }) => [
      ...[...text.matchAll(/\bpart="([a-z-]+)"/g)].map((match) => match[1]!),
      ...[...text.matchAll(/\bpart=\$\{([^}]*)\}/g)].flatMap((match) => [...match[1]!.matchAll(/'([a-z-]+)'/g)].map((quoted) => quoted[1]!)),
      ...[...text.matchAll(/setAttribute\('part', '([a-z-]+)'\)/g)].map((match) => match[1]!),
    ]),
  ),
  cssProperties: new Set(code.flatMap(({ text }) => [...text.matchAll(/var\((--surgery-[a-z-]+)/g)].map((match) => match[1]!))),
};

const sorted = (names: Iterable<string>) => [...names].sort();
const publicMembers = (kind: string) => (player?.members ?? []).filter((member) => member.kind === kind && !member.static && (member.privacy ?? 'public') === 'public');

describe('custom-elements.json: <surgery-player>', () => {
  it('has a declaration for the tag (run `pnpm --dir packages/player run analyze`)', () => {
    assert.ok(player, 'a declaration with tagName surgery-player');
  });

  it('lists every attribute the element observes or styles by, and no other', () => {
    assert.deepEqual(sorted(player!.attributes!.map((attribute) => attribute.name)), sorted(real.attributes));
  });

  it('lists every public property and method, and no other', () => {
    assert.deepEqual(sorted(publicMembers('field').map((member) => member.name)), sorted(real.properties));
    assert.deepEqual(sorted(publicMembers('method').map((member) => member.name)), sorted(real.methods));
    assert.ok(player!.members!.some((member) => member.static && member.name === 'version'), 'static version');
  });

  it('lists every event the element dispatches, each documented', () => {
    assert.deepEqual(sorted(player!.events!.map((event) => event.name)), sorted(real.events));
  });

  it('lists every part and every --surgery-* custom property, each custom property with its default', () => {
    assert.deepEqual(sorted(player!.cssParts!.map((part) => part.name)), sorted(real.parts));
    assert.deepEqual(sorted(player!.cssProperties!.map((property) => property.name)), sorted(real.cssProperties));
    for (const property of player!.cssProperties!) assert.ok(property.default, `${property.name} has a default`);
  });

  it('docs/reference/player.md names every attribute, property, method, event, part and custom property', () => {
    const missing = [
      ...[...real.attributes].filter((name) => !docs.includes(`\`${name}\``)).map((name) => `attribute ${name}`),
      ...[...real.properties].filter((name) => !docs.includes(`\`${name}\``)).map((name) => `property ${name}`),
      ...[...real.methods].filter((name) => !docs.includes(`\`${name}(`)).map((name) => `method ${name}()`),
      ...[...real.events].filter((name) => !docs.includes(`\`${name}\``)).map((name) => `event ${name}`),
      ...[...real.parts].filter((name) => !docs.includes(`\`${name}\``)).map((name) => `part ${name}`),
      ...[...real.cssProperties].filter((name) => !docs.includes(`\`${name}\``)).map((name) => `custom property ${name}`),
    ];
    assert.deepEqual(missing, []);
  });
});
