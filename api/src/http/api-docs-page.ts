/**
 * The interactive docs at /docs, rendered from the OpenAPI document itself: no CDN, no external assets.
 * Each operation lists its parameters and response schema and has a "Try it" form that calls the API
 * with an optional bearer token.
 */
interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
}

interface OpenApiOperation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

export interface OpenApiDocumentLike {
  info: { title: string; version: string; description?: string };
  paths?: object;
  components?: { schemas?: object };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function json(value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 2));
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** A parameter that may be repeated (`reason=a&reason=b`): its schema accepts an array. */
function isRepeatable(schema: unknown): boolean {
  return JSON.stringify(schema ?? {}).includes('"type":"array"');
}

function renderOperation(path: string, method: string, operation: OpenApiOperation): string {
  const parameters = operation.parameters ?? [];
  const rows = parameters
    .map(
      (parameter) =>
        `<tr><td><code>${escapeHtml(parameter.name)}</code>${parameter.required ? ' *' : ''}</td><td>${escapeHtml(parameter.in)}</td><td>${escapeHtml(parameter.description ?? '')}</td><td><code>${json(parameter.schema ?? {})}</code></td><td><input name="${escapeHtml(parameter.name)}" data-in="${escapeHtml(parameter.in)}"${isRepeatable(parameter.schema) ? ' data-repeat placeholder="a,b"' : ''}></td></tr>`,
    )
    .join('');
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses ?? {})
    .map(
      ([status, response]) =>
        `<details><summary>${escapeHtml(status)} ${escapeHtml(response.description ?? '')}</summary><pre>${json(response.content?.['application/json']?.schema ?? null)}</pre></details>`,
    )
    .join('');
  return `<section class="op" data-path="${escapeHtml(path)}" data-method="${escapeHtml(method.toUpperCase())}">
<h3><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(operation.summary ?? '')}</h3>
${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ''}
${rows ? `<table><tr><th>Parameter</th><th>In</th><th>Description</th><th>Schema</th><th>Value</th></tr>${rows}</table>` : ''}
${body ? `<p>JSON body:</p><pre>${json(body)}</pre><textarea name="body" rows="3" cols="60"></textarea>` : ''}
<p><button type="button">Try it</button></p><pre class="result" hidden></pre>
${responses}
</section>`;
}

const SCRIPT = `
for (const section of document.querySelectorAll('.op')) {
  section.querySelector('button').addEventListener('click', async () => {
    let path = section.dataset.path;
    const query = new URLSearchParams();
    for (const input of section.querySelectorAll('input[name]')) {
      if (input.value === '') continue;
      if (input.dataset.in === 'path') path = path.replace('{' + input.name + '}', encodeURIComponent(input.value));
      else if (input.dataset.in !== 'query') continue;
      else if ('repeat' in input.dataset) for (const value of input.value.split(',')) query.append(input.name, value.trim());
      else query.append(input.name, input.value);
    }
    const headers = {};
    const token = document.getElementById('token').value;
    if (token) headers.Authorization = 'Bearer ' + token;
    const body = section.querySelector('textarea[name=body]');
    const init = { method: section.dataset.method, headers };
    if (body && body.value) { init.body = body.value; headers['Content-Type'] = 'application/json'; }
    const result = section.querySelector('.result');
    result.hidden = false;
    const response = await fetch(path + (query.size ? '?' + query : ''), init);
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
    result.textContent = response.status + ' ' + response.statusText + '\\n' + shown;
  });
}`;

export function renderApiDocsPage(document: OpenApiDocumentLike): string {
  const operations = Object.entries((document.paths ?? {}) as Record<string, object>).flatMap(
    ([path, methods]) =>
      Object.entries(methods as Record<string, OpenApiOperation>)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, operation]) => renderOperation(path, method, operation)),
  );
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<details id="schema-${escapeHtml(name)}"><summary>${escapeHtml(name)}</summary><pre>${json(schema)}</pre></details>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)} — API docs</title>
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
.op{border:1px solid #d9e2ec;border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}
.method{background:#334e68;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.9rem}
table{border-collapse:collapse;font-size:.9rem}td,th{border-top:1px solid #e4e7eb;padding:.3rem;text-align:left;vertical-align:top}
td code{white-space:pre-wrap;font-size:.8rem}pre{background:#f5f7fa;padding:.5rem;overflow:auto;font-size:.8rem}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Give several values of a repeatable parameter separated by commas.</p>
<p><label>Bearer token <input id="token" type="password" autocomplete="off"></label></p>
${operations.join('\n')}
<h2>Schemas</h2>${schemas}
<script>${SCRIPT}</script>
</body></html>`;
}
