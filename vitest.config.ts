import { defineConfig } from 'vitest/config';

// One root command runs every package's tests; each package is a Vitest project.
export default defineConfig({
  test: {
    projects: ['models', 'ingest', 'api', 'dashboard', 'test'].map((name) => ({
      test: {
        name,
        root: `./${name}`,
        include: [
          'src/**/*.test.ts',
          '*.test.ts',
          'e2e/**/*.test.ts',
          'integration/**/*.test.ts',
          'reliability/**/*.test.ts',
        ],
        env: { DOTENV_CONFIG_QUIET: 'true' },
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
