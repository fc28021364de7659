const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * The webpack config of every Node entry point we ship or run (api, worker, bench): our libs are
 * bundled in, node_modules stay external, source maps on.
 */
function nodeApp({ outputPath, tsConfig = './tsconfig.app.json', additionalEntryPoints = [], generatePackageJson = false }) {
  return {
    output: { path: join(__dirname, '..', outputPath), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        additionalEntryPoints,
        tsConfig,
        optimization: false,
        outputHashing: 'none',
        generatePackageJson,
        sourceMap: true,
      }),
    ],
  };
}

module.exports = { nodeApp };
