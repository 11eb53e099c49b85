// Runtime entry for the compiled lib (npm workspaces link it into node_modules); types come from src/index.ts.
module.exports = require('../../dist/libs/platform/src/index.js');
