// custom-elements.json from the elements' JSDoc (@summary, @attr, @csspart, @cssproperty, @fires).
export default {
  globs: ['src/base/cbm-widget.ts', 'src/base/cbm-element.ts', 'src/components/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
};
