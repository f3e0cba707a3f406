/** Reads a custom taxonomy JSON file. */
import { readFileSync } from 'node:fs';
import { parseTaxonomy, type TaxonomyFile } from '../taxonomy-file.ts';

export function readTaxonomyFile(file: string): TaxonomyFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read taxonomy: ${(error as Error).message}`);
  }
  return parseTaxonomy(json, file);
}
