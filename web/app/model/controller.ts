// "The whole model", for the page and the widget: a click on a head in the grid shows that layer
// and head in the other sections; each scene redraws the grid, the guesses and the hint.
import type { View } from '../panels.js';
import { setText } from '../render/html.js';
import { wireModelGrid } from '../render/views/model-grid.js';
import type { Scene } from '../scene.js';
import { modelHint, renderModel } from './panel.js';

export interface ModelParts {
  grid: HTMLElement;
  guesses: HTMLElement;
  /** The sentence above the grid (the page's; the widget has none). */
  hint?: HTMLElement;
}

export interface ModelController {
  draw(scene: Scene, view: View): void;
}

export function modelController(
  c: ModelParts,
  choose: (layer: number, head: number) => void,
): ModelController {
  wireModelGrid(c.grid, choose);
  return {
    draw(scene, view) {
      if (c.hint && scene.model) setText(c.hint, modelHint(scene.model));
      renderModel(c.grid, c.guesses, scene, view);
    },
  };
}
