// The page's settings form (the model picker, one layer's shape, masks, head toggles) and input
// tabs: filled once, then set from the state and the scene drawn last, without firing events.
import { setText } from '../app/render/html.js';
import { headColor } from '../app/render/colors.js';
import { modelNote } from '../app/model/panel.js';
import { MODELS, modelById } from '../app/models/manifest.js';
import type { Scene } from '../app/scene.js';
import { LAYER, PRESETS, SAMPLES, divisors, pickerValue, type ViewState } from '../app/state.js';

const D_MODELS = [16, 32, 48, 64, 96, 128, 192, 256];
const PATCHES = [8, 12, 16, 24, 32, 48];

export const $ = <T extends HTMLElement = HTMLElement>(id: string) =>
  document.getElementById(id) as T;

export const ui = {
  tabs: [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')],
  text: $<HTMLTextAreaElement>('text'),
  presets: $<HTMLSelectElement>('presets'),
  samples: $<HTMLSelectElement>('samples'),
  file: $<HTMLInputElement>('file'),
  patch: $<HTMLSelectElement>('patch'),
  dModel: $<HTMLSelectElement>('d-model'),
  heads: $<HTMLSelectElement>('heads'),
  kvHeads: $<HTMLSelectElement>('kv-heads'),
  causal: $<HTMLInputElement>('causal'),
  window: $<HTMLInputElement>('window'),
  temperature: $<HTMLInputElement>('temperature'),
  temperatureValue: $<HTMLOutputElement>('temperature-value'),
  seed: $<HTMLInputElement>('seed'),
  model: $<HTMLSelectElement>('model'),
  layer: $<HTMLSelectElement>('layer'),
  modelNote: $('model-note'),
  toggles: $('head-toggles'),
  headDimNote: $('head-dim-note'),
};

export function option(select: HTMLSelectElement, value: string, text = value): void {
  select.append(new Option(text, value));
}

/** The choices that do not change: presets, samples, patch sizes, widths, heads, the models. */
export function fillControls(): void {
  for (const p of PRESETS) option(ui.presets, p);
  ui.presets.prepend(new Option('Choose a sentence…', ''));
  ui.presets.value = '';
  for (const s of SAMPLES) option(ui.samples, s);
  option(ui.samples, '', 'your image');
  for (const p of PATCHES) option(ui.patch, String(p), `${p} px`);
  for (const d of D_MODELS) option(ui.dModel, String(d));
  for (let h = 1; h <= 16; h++) option(ui.heads, String(h));
  ui.model.replaceChildren();
  for (const m of MODELS) option(ui.model, m.id, m.title);
  option(ui.model, 'untrained', 'Same model, random weights');
  option(ui.model, LAYER, 'One untrained layer you can reshape');
}

function syncInput(s: ViewState): void {
  for (const tab of ui.tabs) {
    const on = tab.dataset.mode === s.mode;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  $('input-text').hidden = s.mode !== 'text';
  $('input-image').hidden = s.mode !== 'image';
  if (ui.text.value !== s.text) ui.text.value = s.text;
  ui.patch.value = String(s.patch);
  ui.samples.value = s.sample;
}

function syncLayer(s: ViewState): void {
  ui.dModel.value = String(s.dModel);
  if (ui.dModel.value !== String(s.dModel)) {
    option(ui.dModel, String(s.dModel));
    ui.dModel.value = String(s.dModel);
  }
  ui.heads.value = String(s.heads);
  ui.kvHeads.replaceChildren();
  const kvChoices = new Set([...divisors(s.heads), s.kvHeads]);
  for (const k of [...kvChoices].sort((a, b) => b - a)) {
    const kind = k === s.heads ? 'MHA' : k === 1 ? 'MQA' : s.heads % k === 0 ? 'GQA' : 'invalid';
    option(ui.kvHeads, String(k), `${k} (${kind})`);
  }
  ui.kvHeads.value = String(s.kvHeads);
  ui.causal.checked = s.causal;
  ui.window.value = String(s.window);
  ui.temperature.value = String(Math.log2(s.temperature));
  ui.temperatureValue.value = s.temperature.toFixed(2);
  ui.seed.value = String(s.seed);
}

/** The sections shown for a model, for its trained weights, or for one layer. */
function syncSections(s: ViewState): void {
  const isModel = s.model !== LAYER;
  for (const id of ['layer-settings', 'mask-settings', 'patch-label']) $(id).hidden = isModel;
  $('layer-label').hidden = !isModel;
  $('seed-label').hidden = isModel && s.weights === 'trained';
  $('model-section').hidden = !isModel;
  $('heads-section').hidden = !isModel;
  const oneHead = isModel && modelById(s.model)?.oneHead !== undefined;
  $('compare-section').hidden = !oneHead || s.weights !== 'trained';
}

/** Puts the state into the controls (without firing their events). */
export function syncControls(s: ViewState, scene: Scene | null): void {
  syncInput(s);
  syncLayer(s);
  ui.model.value = pickerValue(s);
  syncSections(s);
  syncModelControls(s, scene);
  if (s.model === LAYER)
    syncToggles(
      s.heads,
      (h) => !s.off.includes(h),
      (h) => `Head ${h + 1} on`,
    );
}

/**
 * One checkbox per head. The boxes are kept when their number is unchanged (only their state
 * and label are updated), so a box being toggled from the keyboard keeps its focus.
 */
function syncToggles(count: number, on: (h: number) => boolean, label: (h: number) => string) {
  if (ui.toggles.querySelectorAll('input').length !== count)
    ui.toggles.replaceChildren(
      ...Array.from({ length: count }, (_, h) => {
        const item = document.createElement('label');
        item.className = 'head-toggle';
        item.style.setProperty('--head-color', headColor(h));
        const box = Object.assign(document.createElement('input'), { type: 'checkbox' });
        box.dataset.head = String(h);
        item.append(box, ` H${h + 1}`);
        return item;
      }),
    );
  ui.toggles.querySelectorAll('input').forEach((box, h) => {
    box.checked = on(h);
    box.setAttribute('aria-label', label(h));
  });
}

/** The model's layer picker, head toggles and note, once a scene says how many there are. */
export function syncModelControls(s: ViewState, scene: Scene | null): void {
  const m = scene?.model;
  if (s.model === LAYER || !m) return;
  const H = scene.config.numHeads;
  if (ui.layer.options.length !== m.numLayers) {
    ui.layer.replaceChildren();
    for (let l = 0; l < m.numLayers; l++) option(ui.layer, String(l), `${l + 1} of ${m.numLayers}`);
  }
  ui.layer.value = String(m.layer);
  syncToggles(
    H,
    (h) => m.gates[m.layer * H + h] !== 0,
    (h) => `Layer ${m.layer + 1} head ${h + 1} on`,
  );
  setText(ui.modelNote, modelNote(scene));
}
