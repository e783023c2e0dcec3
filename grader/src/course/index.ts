// Public face of the course model, shared by the grader, the book and the publisher.
export { type ChapterMeta, MetadataError, parseChapterMeta, type TaskMeta } from './chapter-schema.ts';
export { type Chapter, chapterDirs, courseRoot, findChapter, listChapters, loadChapter } from './chapters.ts';
export { writeSolutionOverlay } from './code-dir.ts';
export { headingAnchors, slugify } from './slug.ts';
