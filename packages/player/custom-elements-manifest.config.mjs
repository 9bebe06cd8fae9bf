// custom-elements.json for <surgery-player> (`pnpm run analyze`), read by the docs and Storybook,
// and checked against the element itself by test/custom-elements-manifest.test.ts.
// Lit's `state: true` properties are private state, not attributes: the analyzer lists every
// entry of `static properties` as an attribute, so the private ones are taken out here.
// The analyzer also guesses an event from each `dispatchEvent(new XEvent(arg))` (named after
// `arg`); the element's events are the documented `@event`s, so undocumented guesses are dropped,
// as are fields it takes from assignments to other objects in the constructor.
// Tags are registered with our guarded `defineElement(tag, Class)` rather than
// `customElements.define`, which the analyzer does not know: those calls are read here.
const definitions = new Map();
const NOT_MEMBERS = new Set(['playsInline']);

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'define-element-tags',
      analyzePhase({ ts, node, moduleDoc }) {
        if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
        const [tag, element] = node.arguments;
        if (!tag || !element || !ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
        definitions.set(element.getText(), tag.text);
        moduleDoc.exports = [...(moduleDoc.exports ?? []), { kind: 'custom-element-definition', name: tag.text, declaration: { name: element.getText() } }];
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          // `customElements.define(tag, constructor)` inside defineElement itself defines nothing.
          module.exports = (module.exports ?? []).filter((entry) => entry.kind !== 'custom-element-definition' || entry.name.includes('-'));
          for (const declaration of module.declarations ?? []) {
            const tag = definitions.get(declaration.name);
            if (tag && declaration.customElement) declaration.tagName = tag;
          }
        }
      },
    },
    {
      name: 'surgery-player-private-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name));
            declaration.attributes = (declaration.attributes ?? []).filter((attribute) => !hidden.has(attribute.fieldName ?? attribute.name));
            declaration.members = (declaration.members ?? []).filter((member) => !NOT_MEMBERS.has(member.name));
            declaration.events = (declaration.events ?? []).filter((event) => event.description);
          }
        }
      },
    },
  ],
};
