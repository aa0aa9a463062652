'use strict';
/**
 * Lets a child `node` process run the TypeScript sources directly (`node -r ./spec/replay/support/ts-register.js x.ts`):
 * each `.ts` file is transpiled (no type check) to CommonJS on require, with the `typescript` package.
 * Transpiled files are cached in the OS temp directory by content hash, so later children start fast.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const cache = path.join(os.tmpdir(), 'rxmarket-ts-register-cache');
fs.mkdirSync(cache, { recursive: true });

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cache, `${crypto.createHash('sha1').update(filename).update(source).update(ts.version).digest('hex')}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    }).outputText;
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  }
  module._compile(output, filename);
};
