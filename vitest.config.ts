import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const EMPTY_DATABASE_TEMPLATE = fileURLToPath(
  new URL('./models/src/testing/empty-database-template.ts', import.meta.url),
);

// One root command runs every package's tests; each package is a Vitest project.
export default defineConfig({
  test: {
    // Vitest's default, one less than the cores, ran the suite one file at a time on the 2-core machines; the
    // files spend much of their time waiting for child processes, servers and the browser.
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
        globalSetup: [EMPTY_DATABASE_TEMPLATE],
        testTimeout: 60_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
