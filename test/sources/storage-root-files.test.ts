import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {defaultRootCandidates, dockerDataRoot, systemContainerdCandidate} from '../../source/sources/storage-root/default-roots.js';
import {directorySize} from '../../source/sources/storage-root/directory-size.js';
import {StorageRoot} from '../../source/sources/storage-root/storage-root.js';

// Real files and symlinks on this machine's file system; the outside directory stands for the rest of the host.
const work = mkdtempSync(path.join(tmpdir(), 'layerscope-root-files-'));
const root = path.join(work, 'root');
const outside = path.join(work, 'outside');
mkdirSync(path.join(root, 'image/overlay2'), {recursive: true});
mkdirSync(outside);
writeFileSync(path.join(outside, 'secret'), 'not yours'.repeat(100));
writeFileSync(path.join(root, 'image/overlay2/repositories.json'), '{"Repositories":{}}');
symlinkSync(path.join(outside, 'secret'), path.join(root, 'file-link'));
symlinkSync(outside, path.join(root, 'dir-link'));
mkdirSync(path.join(root, 'layer/diff'), {recursive: true});
writeFileSync(path.join(root, 'layer/diff/a'), 'abc');
symlinkSync('a', path.join(root, 'layer/diff/b'));
symlinkSync(outside, path.join(root, 'layer/diff/out'));

afterAll(() => {
	rmSync(work, {recursive: true, force: true});
});

describe('a storage root read without following symlinks out of it', () => {
	const storage = new StorageRoot(root);

	it('reads its own files', () => {
		expect(storage.json('image/overlay2/repositories.json').value).toEqual({Repositories: {}});
	});

	it('treats a symlinked file, or a file reached through a symlinked directory, as absent', () => {
		expect(storage.bytes('file-link')).toBeUndefined();
		expect(storage.bytes('dir-link/secret')).toBeUndefined();
		expect(storage.entries('dir-link')).toEqual([]);
	});

	it('never walks a directory reached through a symlink', () => {
		expect(storage.directory('dir-link')).toBeUndefined();
		expect(storage.directory('layer/diff/out')).toBeUndefined();
		expect(directorySize(storage.directory('dir-link')).bytes).toBe(0);
		expect(storage.directory('layer/diff')).toBe(path.join(storage.path, 'layer/diff'));
	});

	it("measures a directory Docker's way: symlinks by their own length, never their target", () => {
		expect(directorySize(path.join(root, 'layer/diff'))).toEqual({bytes: 3 + 1 + outside.length, files: 3, vanished: []});
	});

	it('refuses a root that does not exist with one clear line', () => {
		expect(() => new StorageRoot(path.join(work, 'missing'))).toThrow(/missing: no such directory$/);
	});
});

describe('the default roots', () => {
	it("follow the user's storage.conf graphroot, else the rootless default, and LAYERSCOPE_ROOTS replaces them", () => {
		const config = path.join(work, 'config');
		mkdirSync(path.join(config, 'containers'), {recursive: true});
		writeFileSync(path.join(config, 'containers/storage.conf'), '[storage]\ndriver = "overlay"\ngraphroot = "/srv/podman-store"\n');
		const moved = defaultRootCandidates('/home/u', {XDG_CONFIG_HOME: config});
		expect(moved.at(-1)).toBe('/srv/podman-store');
		expect(defaultRootCandidates('/home/u', {XDG_CONFIG_HOME: path.join(work, 'none')}).at(-1)).toBe('/home/u/.local/share/containers/storage');
		expect(defaultRootCandidates('/home/u', {LAYERSCOPE_ROOTS: '/a::/b'})).toEqual(['/a', '/b']);
	});

	it("look in Docker's data root first, then in the system containerd's root, where Docker 29 packages keep images", () => {
		const candidates = defaultRootCandidates('/home/u', {XDG_CONFIG_HOME: path.join(work, 'none')});
		expect(candidates.slice(0, 2)).toEqual([dockerDataRoot({}), systemContainerdCandidate({})]);
		expect(systemContainerdCandidate({})).toMatch(/^\/.*containerd/);
		expect(defaultRootCandidates('/home/u', {LAYERSCOPE_DOCKER_ROOT: '/srv/docker', LAYERSCOPE_CONTAINERD_ROOT: '/srv/containerd'}).slice(0, 2)).toEqual(['/srv/docker', '/srv/containerd']);
	});
});
