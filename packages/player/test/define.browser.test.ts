/**
 * Registration: the index has no side effects, the define file registers the tag once, and a
 * second copy of the package on the same page warns instead of breaking the page.
 */
import { expect } from '@esm-bundle/chai';
import { PLAYER_VERSION, SurgeryPlayer } from '../src/index.js';
import { defineElement } from '../src/internal/define-element.js';

async function capturingWarnings<T>(run: () => Promise<T> | T): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { result: await run(), warnings };
  } finally {
    console.warn = warn;
  }
}

describe('<surgery-player> registration', () => {
  it('the package index exports the class without defining the tag', () => {
    expect(SurgeryPlayer.version).to.equal(PLAYER_VERSION);
    expect(customElements.get('surgery-player')).to.equal(undefined);
    expect(document.createElement('surgery-player')).not.to.be.instanceOf(SurgeryPlayer);
  });

  it('the define file registers <surgery-player>, and importing it again changes nothing', async () => {
    const { warnings } = await capturingWarnings(async () => {
      await import('../src/surgery-player.js');
      await import('../src/surgery-player.js');
    });
    expect(customElements.get('surgery-player')).to.equal(SurgeryPlayer);
    expect(document.createElement('surgery-player')).to.be.instanceOf(SurgeryPlayer);
    expect(warnings).to.deep.equal([]);
  });

  it('a second copy with the same tag warns, naming both versions, and does not throw', async () => {
    class SecondCopy extends SurgeryPlayer {
      static override readonly version = '9.9.9';
    }
    const { warnings } = await capturingWarnings(() => defineElement('surgery-player', SecondCopy));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain(`version ${PLAYER_VERSION}`).and.to.contain('version 9.9.9').and.to.contain('dedupe');
    expect(customElements.get('surgery-player'), 'the first definition stays').to.equal(SurgeryPlayer);
  });
});
