// Only for test/policy/escape-hatch.test.ts, which imports minimalProps from here; its import moves to
// ./fixtures and this file goes. Stacks, synthesis and lookups are in test/helpers/synth.ts.
export { minimalProps } from './fixtures';
