import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Runtime imports of a TypeScript file (`import type` and `import { type … }`-only imports excluded), resolved. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^(import|export)\s+(?!type\b)([^;]*?)\s+from\s+'([^']+)';/gms)) {
    const clause = match[2]!;
    if (/^\{[^}]*\}$/s.test(clause.trim()) && clause.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((name) => name.startsWith('type'))) continue;
    found.push(match[3]!);
  }
  for (const match of source.matchAll(/^import\s+'([^']+)';/gm)) found.push(match[1]!);
  return found;
}

/** Every module the entry reaches through static runtime imports (local files and package names). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (target !== undefined) queue.push(target);
    }
  }
  return seen;
}

describe('rxmarket/nats entry point', () => {
  it('the main entry never loads @nats-io/* nor lib/nats', () => {
    const modules = [...reachable(join(ROOT, 'lib/index.ts'))];
    expect(modules.length).toBeGreaterThan(50); // the walk really followed the imports
    expect(modules.filter((m) => m.startsWith('@nats-io') || m.includes(`${join('lib', 'nats')}`))).toEqual([]);
  });

  it('rxmarket/nats loads @nats-io/* only on use (no static runtime import)', () => {
    const modules = [...reachable(join(ROOT, 'lib/nats/index.ts'))];
    expect(modules.some((m) => m.endsWith(join('nats', 'publish.ts')))).toBe(true);
    expect(modules.filter((m) => m.startsWith('@nats-io'))).toEqual([]);
  });

  it('package.json: own export, typesVersions, optional peer dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg['exports']!['./nats']).toEqual({ types: './dist/nats/index.d.ts', default: './dist/nats/index.js' });
    expect((pkg['typesVersions']!['*'] as Record<string, string[]>)['nats']).toEqual(['dist/nats/index.d.ts']);
    for (const name of ['@nats-io/transport-node', '@nats-io/jetstream']) {
      expect(pkg['peerDependencies']![name]).toBeDefined();
      expect(pkg['peerDependenciesMeta']![name]).toEqual({ optional: true });
      expect(pkg['devDependencies']![name]).toBeDefined();
      expect(pkg['dependencies']![name]).toBeUndefined();
    }
  });
});
