/*
 * `node scripts/preflight.cjs`: stops `npm install`, `npm test`, `npm run dev` and
 * `npm run demo` on a Node.js older than package.json's `engines.node`, with one line
 * saying what to do (instead of failing minutes later with `Map.groupBy is not a function`
 * or `ERR_UNKNOWN_FILE_EXTENSION`). Plain ES5-era JavaScript on purpose: it must parse and
 * run on the old Node it refuses.
 *
 * `--built`: also stops when there is no build to serve (`npm run start:node`), naming the
 * build commands, instead of Node's "Cannot find module" for dist/node.js.
 */
"use strict";
var fs = require("fs");
var path = require("path");

var pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
var wanted = /(\d+)\.(\d+)\.(\d+)/.exec((pkg.engines && pkg.engines.node) || "");
var have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(process.version);

function atLeast(version, minimum) {
  for (var i = 1; i <= 3; i++) {
    if (Number(version[i]) !== Number(minimum[i])) return Number(version[i]) > Number(minimum[i]);
  }
  return true;
}

if (wanted && have && !atLeast(have, wanted)) {
  process.stderr.write(
    "This project needs Node.js >= " + wanted[1] + "." + wanted[2] + "." + wanted[3] +
      " and this is Node.js " + process.version +
      ": run `nvm install` (it reads .nvmrc) or install a newer Node, then run the command again.\n"
  );
  process.exit(1);
}

if (process.argv.indexOf("--built") !== -1 && !fs.existsSync(path.join(__dirname, "..", "dist", "node.js"))) {
  process.stderr.write(
    "Nothing to serve yet: run `npm run build` first (or `npm run build:process` for the process build, " +
      "`npm run build -- --entry examples/mastra/index.ts --platform node` for Mastra), then `npm run start:node`.\n"
  );
  process.exit(1);
}
