const { nodeApp } = require('../../tools/webpack-node-app');

module.exports = nodeApp({ outputPath: 'dist/apps/worker', generatePackageJson: true });
