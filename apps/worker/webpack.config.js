const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// Bundles the app with our libs; node_modules stay external (generatePackageJson lists them).
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/worker'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      typeCheck: false,
    }),
  ],
};
