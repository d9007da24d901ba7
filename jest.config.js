/**
 * One Jest run for the workspace, ESM throughout (run with --experimental-vm-modules), TypeScript
 * through SWC. Workspace packages resolve to their sources, so tests need no build.
 *  - unit: each package's tests, and the server-to-server tests in integration/ (signaling with
 *    real SFU nodes), against a real Redis started for the run
 *  - e2e:  the whole stack in Debian's Chromium
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'es6' },
  },
];

const shared = {
  transform: { '^.+\\.(ts|tsx)$': swc },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: {
    '^@etapiste/(protocol|call-client|ui|sfu-control)$': '<rootDir>/packages/$1/src/index.ts',
    '^@etapiste/(call-client|ui)/testing$': '<rootDir>/packages/$1/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  globalSetup: '<rootDir>/test-support/global-setup.mjs',
  globalTeardown: '<rootDir>/test-support/global-teardown.mjs',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/{packages/*,signaling,sfu-server,scripts}/test/**/*.test.ts',
        '<rootDir>/integration/**/*.test.ts',
        // Component tests of the apps; each file asks for jsdom in its docblock.
        '<rootDir>/agent-console/test/**/*.test.{ts,tsx}',
        '<rootDir>/point-client/test/**/*.test.{ts,tsx}',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
    },
  ],
};
