/**
 * What to do about wasted bytes, from a table: each row names the paths (or the class of waste) it is right for,
 * and the change to the Dockerfile that stops the waste. The first row that fits a finding gives its hint; a
 * finding no specific row fits gets its class's general advice. Findings are grouped by the row too, so that a
 * group's hint is right for every path in it.
 */
import {type WasteClass} from './model.js';

export type HintRow = {
	/** A short name for the row, stable: it keys the finding groups. */
	id: string;
	/** The classes of waste the row is for. */
	classes: readonly WasteClass[];
	/** The paths it is for (display paths, `/`-separated); a row without paths is for its classes alone. */
	paths?: readonly RegExp[];
	/** For metadata-only copies: the build step that made the copy. */
	hiddenBy?: RegExp;
	hint: string;
};

const removable: readonly WasteClass[] = ['deleted', 'overwritten', 'metadataOnly'];
const under = (directory: string) => new RegExp(`^${directory.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('\\*', '[^/]+')}(/|$)`);

/** The specific rows, most specific first, then one general row per class. */
export const hintTable: readonly HintRow[] = [
	{
		id: 'apt', classes: removable,
		paths: [under('/var/lib/apt/lists'), /^\/var\/cache\/apt\/archives(\/|$)/, /^\/var\/cache\/apt\/[^/]+\.bin$/, under('/var/cache/apt')],
		hint: 'run "apt-get clean && rm -rf /var/lib/apt/lists/*" in the same RUN as apt-get install',
	},
	{id: 'apk', classes: removable, paths: [under('/var/cache/apk'), under('/etc/apk/cache')], hint: 'install with "apk add --no-cache", which keeps no index or package cache'},
	{id: 'dnf', classes: removable, paths: [under('/var/cache/dnf'), under('/var/cache/yum'), under('/var/lib/dnf/repos')], hint: 'run "dnf clean all" (or "yum clean all") in the same RUN as the install'},
	{id: 'pip', classes: removable, paths: [under('/root/.cache/pip'), under('/home/*/.cache/pip')], hint: 'install with "pip install --no-cache-dir" (or set PIP_NO_CACHE_DIR=1)'},
	{
		id: 'node', classes: removable,
		paths: [under('/root/.npm'), under('/home/*/.npm'), under('/usr/local/share/.cache/yarn'), under('/root/.cache/yarn'), under('/home/*/.cache/yarn')],
		hint: 'run "npm cache clean --force" (or "yarn cache clean") in the same RUN as the install, or use a cache mount (RUN --mount=type=cache)',
	},
	{
		id: 'go', classes: removable, paths: [under('/root/.cache/go-build'), under('/home/*/.cache/go-build'), under('/go/pkg/mod'), under('/root/go/pkg/mod')],
		hint: 'run "go clean -cache -modcache" in the same RUN as the build, or build in an earlier stage (or with RUN --mount=type=cache)',
	},
	{id: 'git', classes: [...removable, 'duplicate'], paths: [/(^|\/)\.git(\/|$)/], hint: 'keep .git out of the build context: add it to .dockerignore'},
	{
		id: 'copy-up', classes: ['metadataOnly'], hiddenBy: /\b(chmod|chown|chgrp|touch)\b/,
		hint: 'set owner and mode where the file is created (COPY --chown/--chmod, or chmod in that same RUN) instead of a later step that stores the whole file again',
	},
	{id: 'added-then-deleted', classes: ['deleted'], hint: 'delete it in the same RUN that creates it, or build it in an earlier stage and copy only what is needed (multi-stage build)'},
	{id: 'metadata-only', classes: ['metadataOnly'], hint: 'only its metadata changed, but the whole file was stored again: make that change in the step that creates it'},
	{id: 'rewritten', classes: ['overwritten'], hint: 'write the final version once: in one RUN, or in a build stage whose result is copied'},
	{id: 'same-content', classes: ['duplicate'], hint: 'the same bytes are stored at several paths: keep one, and hard-link or delete the others'},
];

/** What a finding is, as far as the table needs to know. */
export type HintSubject = {class: WasteClass; path: string; paths?: string[]; hiddenBy?: string};

/** The first row of the table that fits. Every class has a general row, so one always does. */
export function hintRowFor(subject: HintSubject): HintRow {
	const paths = subject.paths ?? [subject.path];
	return hintTable.find(row => row.classes.includes(subject.class)
		&& (row.paths === undefined || paths.some(path => row.paths!.some(pattern => pattern.test(path))))
		&& (row.hiddenBy === undefined || row.hiddenBy.test(subject.hiddenBy ?? '')))!;
}
