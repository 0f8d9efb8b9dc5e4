// The view's controller, shared by the page (web/demo/main.ts) and the widget (widget/element.ts):
// state → request → scene → draw. It owns the state (kept consistent by state.ts's applyChange),
// sends requests to the engine with the newest winning, keeps the last good view when the core
// reports an error, says when the input was capped, and calls the host's draw. The host owns its
// DOM: how it builds a request (its image, its checkpoint URLs), and how it shows what arrives.
import type { Engine } from './compute/engine.js';
import type { SceneRequest } from './compute/protocol.js';
import { framingCount } from './models/descriptor.js';
import { thousands } from './render/numbers.js';
import type { Scene } from './scene.js';
import { applyChange, type ViewState } from './state.js';

/** Tokens the views draw at most; longer text is cut, with a notice. */
export const MAX_TOKENS = 64;

export interface ViewHost<E extends string> {
  /** The request for a state and the extras wanted, or null when there is nothing to draw yet. */
  request(s: ViewState, extras: ReadonlySet<E>): Promise<SceneRequest | null> | SceneRequest | null;
  /** The engine that computes it. */
  engine(extras: ReadonlySet<E>): Promise<Engine>;
  /** Draws the scene (the newest) for the state. */
  draw(scene: Scene, s: ViewState): void;
  /** A new scene was drawn; `notices` say what of the input it leaves out. */
  arrived(scene: Scene, notices: string[], extras: ReadonlySet<E>): void;
  /** The core (or the request) failed: the last good view stays. */
  failed(message: string): void;
  /** The state changed; `controls`: more than the view within the scene (text, token, ...). */
  changed?(s: ViewState, controls: boolean): void;
}

export interface ViewController<E extends string> {
  readonly state: ViewState;
  /** The last scene drawn, or null before the first. */
  readonly scene: Scene | null;
  /** Changes the state; recomputes, or (compute false) only redraws the last scene. */
  set(change: Partial<ViewState>, compute?: boolean): void;
  /** Replaces the state (a new URL or new attributes) without recomputing. */
  replace(s: ViewState): void;
  /** Computes the state's scene, with the extras, and draws it unless a newer one was asked for. */
  recompute(extras?: ReadonlySet<E>): Promise<void>;
  /** Redraws the last scene. */
  draw(): void;
}

/** Fields whose change needs no new controls: the view within the scene and the text. */
const VIEW_FIELDS = new Set<string>(['text', 'token', 'head', 'modelOff', 'layer', 'step']);

/** The notice for capped text: the model's limit, or the views' (framing tokens not counted). */
export function capNotice(scene: Scene): string | null {
  if (scene.kind !== 'text') return null;
  const framing = scene.model ? framingCount(scene.model.descriptor) : 0;
  const words = scene.tokens.length - framing;
  if (scene.total <= words) return null;
  const total = thousands(scene.total);
  return scene.model
    ? `The model reads at most ${words} tokens; showing the first ${words} of ${total}.`
    : `Showing the first ${words} of ${total} tokens: attention over more would not fit on screen.`;
}

export function viewController<E extends string>(
  host: ViewHost<E>,
  initial: ViewState,
): ViewController<E> {
  let state = initial;
  let scene: Scene | null = null;
  let generation = 0;

  const draw = () => {
    if (scene) host.draw(scene, state);
  };

  const recompute = async (extras: ReadonlySet<E> = new Set()): Promise<void> => {
    let req: SceneRequest | null;
    try {
      req = await host.request(state, extras);
    } catch (e) {
      host.failed((e as Error).message);
      return;
    }
    if (!req) return;
    const mine = ++generation;
    const response = await (await host.engine(extras)).submit(req);
    if (response === null || mine !== generation) return;
    if (!response.ok) return host.failed(response.error);
    scene = response.scene;
    const cap = capNotice(scene);
    host.draw(scene, state);
    host.arrived(scene, cap ? [cap] : [], extras);
  };

  return {
    get state() {
      return state;
    },
    get scene() {
      return scene;
    },
    set(change, compute = true) {
      const controls = Object.keys(change).some((k) => !VIEW_FIELDS.has(k));
      const loaded = scene?.model ? { numHeads: scene.config.numHeads } : null;
      state = applyChange(state, change, loaded);
      host.changed?.(state, controls);
      if (compute) void recompute();
      else draw();
    },
    replace(s) {
      state = s;
    },
    recompute,
    draw,
  };
}
