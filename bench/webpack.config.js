const { nodeApp } = require('../tools/webpack-node-app');

module.exports = nodeApp({ outputPath: 'dist/bench', tsConfig: './tsconfig.json' });
