// The part of Stryker's JSON report (mutation-testing-report-schema, v2) that the chapter's
// mutation report reads. Declared here rather than imported: the schema package is Stryker's
// dependency, not ours, and only these fields are used.

export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Timeout' | 'Ignored' | 'Pending';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SchemaMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: MutantStatus;
  statusReason?: string;
}

export interface SchemaFile {
  language: string;
  source: string;
  mutants: SchemaMutant[];
}

export interface StrykerJsonReport {
  schemaVersion: string;
  /** File name (relative to where Stryker ran, or absolute) -> its mutants. */
  files: Record<string, SchemaFile>;
}
