/** Values bound as parameters of one statement, so that the SQL text never holds one. */
import type { DuckDBValue } from '@duckdb/node-api';

/** Binds a value and returns its placeholder. */
export type Bind = (value: DuckDBValue) => string;

/** Values travel as $p0, $p1 …: `param` binds one, `params` holds them for the statement's run. */
export function parameterBinder(): { params: Record<string, DuckDBValue>; param: Bind } {
  const params: Record<string, DuckDBValue> = {};
  const param = (value: DuckDBValue) => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `$${name}`;
  };
  return { params, param };
}
