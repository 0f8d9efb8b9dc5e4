// "The heads, measured": its hint, the fusion radios, and the drawing (panel.ts) of the core's
// head analysis for the shown layer and the rollout.
import type { Fusion } from '../compute/protocol.js';
import type { Pixels, View } from '../panels.js';
import type { Scene } from '../scene.js';
import { renderHeads, type HeadsContainers } from './panel.js';

export interface HeadsParts extends HeadsContainers {
  hint: HTMLElement;
  /** Radios named after the fusions. */
  fusion: HTMLFieldSetElement;
}

export interface HeadsController {
  /** Checks the state's fusion radio. */
  sync(fusion: Fusion): void;
  draw(scene: Scene, view: View, pixels: Pixels | null): void;
}

export function headsController(c: HeadsParts, fuse: (f: Fusion) => void): HeadsController {
  c.fusion.addEventListener('change', (e) => fuse((e.target as HTMLInputElement).value as Fusion));
  return {
    sync(fusion) {
      for (const radio of c.fusion.querySelectorAll('input'))
        radio.checked = radio.value === fusion;
    },
    draw(scene, view, pixels) {
      const { stats, redundancy, rollout } = c;
      renderHeads({ stats, redundancy, rollout }, scene, view, pixels);
      const m = scene.model;
      c.hint.textContent = m
        ? `Numbers the core measured on this input for layer ${m.layer + 1} of ${m.numLayers}; choose another layer under Model or in the grid above.`
        : '';
    },
  };
}
