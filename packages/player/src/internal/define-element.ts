/**
 * Registers a custom element once. Two copies of the package on one page (an app and a widget
 * each bundling it) must not break the page: the second copy warns, says which versions met, and
 * leaves the first definition in place.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor & { version?: string }): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  if (!existing) {
    customElements.define(tag, constructor);
    return;
  }
  if (existing === constructor) return;
  console.warn(
    `<${tag}> is already defined (version ${existing.version ?? 'unknown'}); this copy (version ${constructor.version ?? 'unknown'}) ` +
      'was not registered. Load the package once: dedupe the @surgery-video package that defines it in the app bundle.',
  );
}
