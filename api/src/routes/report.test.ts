import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/test-app.ts';

describe('GET /api/report on the hand-checked fixture', () => {
  const t = useTestApp();

  it('sends the Markdown report as a download named after its period', async () => {
    const response = await t.app.request('/api/report?format=md&from=2024-06-01&to=2024-06-30');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="churnlens-report-2024-06-01-to-2024-06-30.md"',
    );
    const markdown = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(markdown)));
    expect(markdown).toContain('| Cancellation requests | 12 | 5 | +140% |');
  });

  it('applies the common filters', async () => {
    const response = await t.app.request('/api/report?format=md&from=2024-06-01&to=2024-06-30&plan=team');
    const markdown = await response.text();
    expect(markdown).toContain('Filters: Plan: team');
    // June on the team plan: c05, c07, c10, c12.
    expect(markdown).toContain('| Cancellation requests | 4 |');
  });

  it('defaults to a PDF of the last 30 days up to the newest request', async () => {
    const response = await t.app.request('/api/report');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(
      'churnlens-report-2024-06-01-to-2024-06-30.pdf',
    );
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('serves the CSV tables as a zip and the spreadsheet as XLSX', async () => {
    const csv = await t.app.request('/api/report?format=csv');
    expect(csv.headers.get('content-type')).toBe('application/zip');
    expect(csv.headers.get('content-disposition')).toContain('.zip"');
    const xlsx = await t.app.request('/api/report?format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    // Both are zip containers.
    for (const response of [csv, xlsx]) {
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    }
  });

  it('rejects an unknown format and a bad filter, naming the parameter', async () => {
    const format = await t.getJson('/api/report?format=docx');
    expect(format.status).toBe(400);
    expect(format.body.message).toBe('format: must be one of pdf, xlsx, csv, md');
    const channel = await t.getJson('/api/report?channel=fax');
    expect(channel.status).toBe(400);
    expect(channel.body.message).toContain('channel: must be one of');
  });
});
