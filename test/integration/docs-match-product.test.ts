/**
 * README.md and docs/*.md as a newcomer follows them, word for word, against the product: the routes the
 * server publishes and the routes docs/api.md documents are the same; every option a `churnlens` command's
 * --help lists is documented, and every option a documented command line uses is one the command takes;
 * the schema version the docs quote is the newest; a link between the docs leads to a heading that exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { GLOBAL_OPTIONS_HELP } from '@churnlens/api/cli/command';
import { COMMANDS } from '@churnlens/api/cli/commands/index';
import { createTestApp, readJson } from '@churnlens/api/testing/test-app';
import { MIGRATIONS } from '@churnlens/models/database/migrations';
import { beforeAll, describe, expect, it } from 'vitest';

const REPOSITORY = new URL('../../', import.meta.url);
const DOC_FILES = [
  'README.md',
  ...readdirSync(new URL('docs/', REPOSITORY))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

function readDoc(file: string): string {
  return readFileSync(new URL(file, REPOSITORY), 'utf8');
}

const HTTP_ROUTE = /\b(GET|POST|PATCH|PUT|DELETE) (\/api\/[\w/{}:.-]*\w)/g;

/** `METHOD /path` with path parameters written `{id}`, as /openapi.json writes them (the docs also use `:id`). */
function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;
}

/** Whether a documented `METHOD /path` (a template, or an example request such as `/api/verbatims/65c3…/reason`) is `route`. */
function documentsRoute(documented: string, route: string): boolean {
  if (documented === route) return true;
  const template = route.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+');
  return new RegExp(`^${template}$`).test(documented);
}

async function publishedRoutes(): Promise<string[]> {
  const t = await createTestApp();
  try {
    const document = await readJson(await t.app.request('/openapi.json'));
    return Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => routeKey(method, path)),
    );
  } finally {
    await t.fixture.cleanup();
  }
}

describe('docs/api.md and the server', () => {
  const documented = [...readDoc('docs/api.md').matchAll(HTTP_ROUTE)].map(([, method, path]) =>
    routeKey(method as string, path as string),
  );
  let routes: string[];
  beforeAll(async () => {
    routes = await publishedRoutes();
  });

  it('documents every route /openapi.json lists', () => {
    const undocumented = routes.filter((route) => !documented.includes(route));
    expect(undocumented).toEqual([]);
  });

  it('names no route the server does not serve', () => {
    const unserved = documented.filter((route) => !routes.some((served) => documentsRoute(route, served)));
    expect(unserved).toEqual([]);
  });
});

/** The options a --help text lists, one per line (`  --port N   …`). */
function helpOptions(help: string): string[] {
  return [...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map(([, option]) => option as string);
}

const commands = await Promise.all(COMMANDS.map((entry) => entry.load()));

describe('churnlens --help and the docs', () => {
  const globalOptions = helpOptions(GLOBAL_OPTIONS_HELP);
  const docs = DOC_FILES.map((file) => ({ file, text: readDoc(file) }));

  it.each(commands.map((command) => [command.name, command] as const))(
    'documents every option `churnlens %s --help` lists, in a doc about that command',
    (name, command) => {
      const about = docs.filter(({ text }) => new RegExp(`churnlens ${name}\\b`).test(text));
      const undocumented = helpOptions(command.help).filter(
        (option) => !about.some(({ text }) => text.includes(option)),
      );
      expect(undocumented).toEqual([]);
    },
  );

  it('uses in every documented command line only options that command lists in its --help', () => {
    const names = commands.map((command) => command.name).join('|');
    // A command line runs to the end of its code span, table cell (` | `; `a\|b` is one cell) or line.
    const commandLine = new RegExp(`churnlens (${names})\\b((?:(?! \\| )[^\`\\n])*)`, 'g');
    const unknown = docs.flatMap(({ file, text }) =>
      [...text.matchAll(commandLine)].flatMap(([line, name, rest]) => {
        const command = commands.find((candidate) => candidate.name === name);
        const known = [...helpOptions(command?.help ?? ''), ...globalOptions];
        return [...(rest ?? '').matchAll(/--[a-z][a-z-]*/g)]
          .map(([option]) => option)
          .filter((option) => !known.includes(option))
          .map((option) => `${file}: ${option} in "${line.trim()}"`);
      }),
    );
    expect(unknown).toEqual([]);
  });
});

describe('the schema version the docs quote', () => {
  const newest = Math.max(...MIGRATIONS.map((migration) => migration.version));

  it('is the newest migration in the README upgrade notice and the /api/health example', () => {
    expect(/to schema (\d+) \(/.exec(readDoc('README.md'))?.[1]).toBe(String(newest));
    expect(/"schemaVersion":(\d+)/.exec(readDoc('docs/api.md'))?.[1]).toBe(String(newest));
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, heading] of prose.matchAll(/^#+\s+(.+)$/gm)) {
    const slug = (heading as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return anchors;
}

describe('links between the docs', () => {
  it('lead to a file and heading that exist', () => {
    const anchors = new Map(DOC_FILES.map((file) => [file, headingAnchors(readDoc(file))]));
    const broken = DOC_FILES.flatMap((file) =>
      [...readDoc(file).matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target]) => {
        if (/^[a-z]+:/.test(target as string)) return [];
        const [path, anchor] = (target as string).split('#');
        const linked = path
          ? new URL(path, new URL(file, REPOSITORY)).href.slice(REPOSITORY.href.length)
          : file;
        const headings = anchors.get(linked);
        if (!headings) return [`${file}: (${target}) names no doc`];
        return anchor && !headings.has(anchor) ? [`${file}: (${target}) has no such heading`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
