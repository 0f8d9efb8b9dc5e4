// How each kind of app builds the consumer app (app/): one recipe per bundler, as README's
// "Use it in an app" section tells users. Each takes a fresh project with the tarball installed
// and returns the folder to serve.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, run } from '../support/packed.js';

const APP = new URL('./app/', import.meta.url);
const pkg = (project: string, path: string) => join(project, 'node_modules/headscope', path);
const bin = (path: string) => join(repo, 'node_modules', path);

/** app/index.html for one build: where its script is and where it hosts models and wasm. */
function page(script: string, where: { models?: string; wasm?: string } = {}): string {
  const data = Object.entries(where).map(([k, v]) => `data-${k}="${v}"`);
  return readFileSync(new URL('index.html', APP), 'utf8')
    .replace('SCRIPT', script)
    .replace('MODELS_BASE', where.models ? `models-base="${where.models}"` : '')
    .replace('DATA', data.join(' '));
}

function copyApp(project: string): void {
  cpSync(new URL('main.js', APP), join(project, 'src/main.js'));
}

/** An app hosts the models it uses among its static files. */
function hostModels(project: string, dir: string): void {
  cpSync(pkg(project, 'dist/models'), join(dir, 'models'), { recursive: true });
}

export interface Recipe {
  name: string;
  build(project: string): Promise<string>;
}

// Vite and webpack follow new URL(…, import.meta.url): the worker and the wasm come along.
const vite: Recipe = {
  name: 'Vite',
  async build(project) {
    copyApp(project);
    writeFileSync(join(project, 'index.html'), page('./src/main.js', { models: './models/' }));
    hostModels(project, join(project, 'public'));
    run('node', [bin('vite/bin/vite.js'), 'build', '--base', './', '--logLevel', 'error'], project);
    return join(project, 'dist');
  },
};

const webpack: Recipe = {
  name: 'webpack 5',
  async build(project) {
    copyApp(project);
    const out = join(project, 'dist');
    const { default: webpackFn } = await import('webpack');
    const stats = await new Promise<import('webpack').Stats>((resolve, reject) =>
      webpackFn(
        {
          mode: 'production',
          context: project,
          entry: './src/main.js',
          output: { path: out, publicPath: 'auto', clean: true },
          resolveLoader: { modules: [bin('')] },
          performance: { hints: false },
        },
        (err, s) => (err || !s ? reject(err) : resolve(s)),
      ),
    );
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    writeFileSync(join(out, 'index.html'), page('./main.js', { models: './models/' }));
    hostModels(project, out);
    return out;
  },
};

// Rollup and esbuild leave new URL(…, import.meta.url) as written: the app copies the widget's
// folder (its worker, chunks and headscope.wasm) beside its bundle and names the wasm.
function besideBundle(
  name: string,
  bundle: (project: string, out: string) => Promise<void>,
): Recipe {
  return {
    name,
    async build(project) {
      copyApp(project);
      const out = join(project, 'dist');
      await bundle(project, out);
      cpSync(pkg(project, 'dist/widget'), out, {
        recursive: true,
        filter: (f) => !f.endsWith('.d.ts'),
      });
      writeFileSync(
        join(out, 'index.html'),
        page('./main.js', { models: './models/', wasm: './headscope.wasm' }),
      );
      hostModels(project, out);
      return out;
    },
  };
}

const rollup = besideBundle('Rollup', async (project, out) => {
  const { rollup: rollupFn } = await import('rollup');
  const { nodeResolve } = await import('@rollup/plugin-node-resolve');
  const bundle = await rollupFn({
    input: join(project, 'src/main.js'),
    plugins: [nodeResolve({ rootDir: project })],
  });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
});

const esbuild = besideBundle('esbuild', async (project, out) => {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(project, 'src/main.js')],
    absWorkingDir: project,
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: out,
    logLevel: 'error',
  });
});

// No bundler: the package's dist/ copied to a static folder as a CDN would serve it; the app
// imports it by path, and the widget and the API find the wasm and the models by themselves.
const plain: Recipe = {
  name: 'plain ES modules',
  async build(project) {
    const out = join(project, 'static');
    cpSync(pkg(project, 'dist'), join(out, 'headscope'), { recursive: true });
    const code = readFileSync(new URL('main.js', APP), 'utf8')
      .replace("import 'headscope/widget'", "import './headscope/widget/headscope-widget.js'")
      .replace("from 'headscope'", "from './headscope/lib/index.js'");
    writeFileSync(join(out, 'main.js'), code);
    writeFileSync(join(out, 'index.html'), page('./main.js'));
    return out;
  },
};

export const RECIPES: Recipe[] = [vite, webpack, rollup, esbuild, plain];
