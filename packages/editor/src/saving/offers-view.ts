/**
 * The choices saving may ask for: which version to keep after a version conflict, and whether to
 * restore unsaved changes kept in this browser. (Template text is kept as it was in the element.)
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Edit } from '@surgery-video/client';
import type { StoredDraft } from '../drafts/draft-store.js';

export interface OffersViewModel {
  conflict: { mine: Edit; theirs: Edit } | undefined;
  offer: StoredDraft | undefined;
  resolveConflict(choice: 'mine' | 'theirs'): void;
  restoreDraft(restore: boolean): void;
}

export function renderOffers(model: OffersViewModel): TemplateResult {
  const { conflict, offer } = model;
  return html`${conflict
      ? html`<div class="offer" part="conflict" role="alertdialog" aria-labelledby="conflict-text">
          <p id="conflict-text">
            This Edit was changed elsewhere (version ${conflict.theirs.version}, ${conflict.theirs.updatedAt}) after you opened it. Nothing was
            overwritten. Which one do you want to keep?
          </p>
          <button type="button" class="primary" @click=${() => model.resolveConflict('mine')}>Keep mine</button>
          <button type="button" @click=${() => model.resolveConflict('theirs')}>Take theirs</button>
        </div>`
      : nothing}
    ${offer
      ? html`<div class="offer" part="draft-offer" role="region" aria-label="Unsaved changes">
          <p>Unsaved changes to this Edit from ${new Date(offer.savedAt).toLocaleString()} were kept in this browser.</p>
          <button type="button" class="primary" @click=${() => model.restoreDraft(true)}>Restore them</button>
          <button type="button" @click=${() => model.restoreDraft(false)}>Discard them</button>
        </div>`
      : nothing}`;
}
