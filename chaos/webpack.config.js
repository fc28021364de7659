const { nodeApp } = require('../tools/webpack-node-app');

module.exports = nodeApp({ outputPath: 'dist/chaos', tsConfig: './tsconfig.json' });
