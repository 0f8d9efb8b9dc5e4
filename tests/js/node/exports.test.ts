// What the package exports at run time matches its hand-written and generated .d.ts files.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const dist = (path: string) => fileURLToPath(new URL(`../../../dist/${path}`, import.meta.url));

/** Names a .d.ts file exports as values (not types), read with the TypeScript compiler. */
function declaredValues(file: string): string[] {
  const program = ts.createProgram([file], { noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const module = checker.getSymbolAtLocation(source)!;
  return checker
    .getExportsOfModule(module)
    .filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((s) => s.name)
    .sort();
}

/** Member names of an interface declared in a .d.ts file. */
function interfaceMembers(file: string, name: string): string[] {
  const program = ts.createProgram([file], { noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const module = checker.getSymbolAtLocation(source)!;
  const symbol = checker.getExportsOfModule(module).find((s) => s.name === name)!;
  return checker
    .getDeclaredTypeOfSymbol(symbol)
    .getProperties()
    .map((p) => p.name)
    .sort();
}

describe('exports', () => {
  for (const entry of ['index', 'node']) {
    it(`dist/lib/${entry}.js exports what dist/lib/${entry}.d.ts declares`, async () => {
      const runtime = Object.keys(await import(dist(`lib/${entry}.js`))).sort();
      expect(runtime).toEqual(declaredValues(dist(`lib/${entry}.d.ts`)));
      expect(runtime).toContain('loadHeadscope');
    });
  }

  it('the raw embind module has exactly the names headscope.d.ts declares', async () => {
    const { default: create } = await import(dist('wasm/headscope.js'));
    const mod = await create({ wasmBinary: await readFile(dist('wasm/headscope.wasm')) });
    const declared = interfaceMembers(dist('wasm/headscope.d.ts'), 'RawModule');
    for (const name of declared) expect(mod[name], name).toBeTypeOf('function');

    // Own methods are the bound C++ ones; embind's ClassHandle base adds delete(), isDeleted()...
    const proto = mod.MultiHeadAttention.prototype;
    const inherited = new Set(Object.getOwnPropertyNames(Object.getPrototypeOf(proto)));
    const members = interfaceMembers(dist('wasm/headscope.d.ts'), 'RawMultiHeadAttention');
    const own = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor');
    expect(own.sort()).toEqual(members.filter((n) => !inherited.has(n)));
    for (const name of members) expect(proto[name], name).toBeTypeOf('function');
  });
});
