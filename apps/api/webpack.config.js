const { nodeApp } = require('../../tools/webpack-node-app');

module.exports = nodeApp({
  outputPath: 'dist/apps/api',
  additionalEntryPoints: [{ entryName: 'cli', entryPath: './src/cli.ts' }],
  generatePackageJson: true,
});
