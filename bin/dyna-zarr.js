#!/usr/bin/env node
// The dyna-zarr command; the code is in lib/cli (compiled to dist/cjs/cli).
'use strict';
require('../dist/cjs/cli/main.js').main().then((code) => {
  process.exitCode = code;
});
