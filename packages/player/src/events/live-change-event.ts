/** `livechange`: the source turned out live (`detail.live`), or stopped being live (a new source). */
export class LiveChangeEvent extends CustomEvent<{ live: boolean }> {
  constructor(live: boolean) {
    super('livechange', { bubbles: true, composed: true, detail: { live } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    livechange: LiveChangeEvent;
  }
}
