// custom-elements.json for <clip-editor> (`pnpm run analyze`), read by the docs and Storybook.
// Lit's `state: true` properties are private state, not attributes: the analyzer lists every
// entry of `static properties` as an attribute, so the private ones are taken out here, with the
// ARIA defaults the constructor gives its ElementInternals (not members of the element).
const NOT_MEMBERS = new Set(['role', 'ariaLabel', 'ariaRoleDescription']);

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'clip-editor-private-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private').map((member) => member.name));
            declaration.attributes = (declaration.attributes ?? []).filter((attribute) => !hidden.has(attribute.fieldName ?? attribute.name));
            declaration.members = (declaration.members ?? []).filter((member) => !NOT_MEMBERS.has(member.name));
          }
        }
      },
    },
  ],
};
