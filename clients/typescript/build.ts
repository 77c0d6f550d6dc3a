/**
 * The SDK as one browser file: `npm run build:client` writes
 * `clients/typescript/dist/actorcade-client.js` (ESM, io-ts and fp-ts inlined, for a
 * `<script type="module">` or any bundler), and the examples bundle their pages with the
 * same settings at start-up. esbuild reads the codecs' CommonJS `fp-ts/lib/…` imports as
 * it finds them; `platform: 'browser'` makes any import of a Node built-in a build error,
 * so a bundle that builds runs in a browser.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** A browser bundle of `entry` and the files and packages it was built from (relative to the repository). */
export async function bundleForBrowser(entry: string, options: { minify?: boolean } = {}): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? false,
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
    // The SDK reads NODE_ENV from globalThis.process when there is one; a browser has none.
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).map((input) => relative(root, join(process.cwd(), input))) };
}

/** `npm run build:client`: the SDK's entry as `dist/actorcade-client.js` (and a minified `.min.js`). */
async function buildClient() {
  const entry = join(here, 'src', 'index.ts');
  const dist = join(here, 'dist');
  mkdirSync(dist, { recursive: true });
  for (const [name, minify] of [['actorcade-client.js', false], ['actorcade-client.min.js', true]] as const) {
    const { code } = await bundleForBrowser(entry, { minify });
    writeFileSync(join(dist, name), code);
    console.log(`${relative(root, join(dist, name))}  ${(code.length / 1024).toFixed(1)} KiB`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildClient();
