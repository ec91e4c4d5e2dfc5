// The experience folder on disk: view files ⇄ views, names ⇄ paths, validation, ignore rules.
export * from './view.js';
export { formatIssue, type ValidationIssue } from './issues.js';
export { VIEW_LIMITS } from './limits.js';
export { FRONT_MATTER_FIELDS, parseViewFile, type FrontMatterField, type ParsedViewFile } from './parse.js';
export { frontMatterFor, serializeViewFile } from './serialize.js';
export { defaultNameForFile, fileForView, fileKey, isSafeName, VIEW_EXTENSION, viewTypeForFile } from './naming.js';
export { crossFileIssues, IGNORE_FILE, loadIgnore, loadProject, pathFilter, pathReadings, projectScope, viewFileGlobs, type LoadedProject, type LoadOptions, type ParseCache } from './load.js';
export { removeViewFile, UnsafePathError, writeViewFile } from './write.js';
export { FolderNotEmptyError, initProject, type InitResult } from './init.js';
export { updateViewFile } from './serialize.js';
export { readFolderFile, writePulledView } from './write.js';
export { parseUsersCsv, USER_COLUMNS, type CsvUser, type UsersCsv, type UsersCsvOptions } from './users-csv.js';
export * as resources from './resources/index.js';
